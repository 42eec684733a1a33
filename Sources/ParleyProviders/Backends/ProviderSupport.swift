import Foundation
import ParleyCore

/// What every backend does the same way: whole-body JSON calls with retries, and connection tests.
struct ProviderSupport: Sendable {
    let endpoint: ProviderEndpoint

    var errors: ErrorNormalizer { ErrorNormalizer(endpoint: endpoint) }

    /// Streams an answer: errors name the model, and each attempt (retries included) gets a fresh decoder.
    func stream<Decoder: StreamDecoder>(
        _ request: ChatRequest, as httpRequest: HTTPRequest, framing: StreamFraming,
        decoder: @escaping @Sendable (ErrorNormalizer) -> Decoder
    ) -> AsyncThrowingStream<ChatEvent, any Error> {
        var errors = self.errors
        errors.model = request.model
        let decoderErrors = errors
        return StreamingCall(endpoint: endpoint, request: httpRequest, framing: framing, errors: errors,
                             makeDecoder: { decoder(decoderErrors) }).run()
    }

    /// Fetches a JSON object, retrying like a chat request; any failure becomes a `ParleyError`.
    func fetchJSON(_ request: HTTPRequest) async throws(ParleyError) -> JSONView {
        var retriesMade = 0
        while true {
            do {
                let (_, body) = try await endpoint.transport.fetch(request)
                guard let object = JSONView.parse(bytes: [UInt8](body)), object.isObject else {
                    throw errors.malformed(String(decoding: body.prefix(200), as: UTF8.self))
                }
                return object
            } catch is CancellationError {
                throw ParleyError(.interrupted, "the request to \(endpoint.label) was cancelled")
            } catch {
                if let delay = endpoint.retry.delay(after: error, retriesMade: retriesMade) {
                    retriesMade += 1
                    do { try await endpoint.retry.sleep(delay) } catch {
                        throw ParleyError(.interrupted, "the request to \(endpoint.label) was cancelled")
                    }
                    continue
                }
                throw errors.error(for: error)
            }
        }
    }

    /// Lists models as the connection test: it needs the key, costs nothing and proves the base URL.
    func testConnection(_ list: () async throws(ParleyError) -> [ModelInfo]) async -> ConnectionReport {
        do {
            let models = try await list()
            let count = models.count == 1 ? "1 model" : "\(models.count) models"
            return ConnectionReport(provider: endpoint.name, problem: nil,
                                    summary: "\(endpoint.label) at \(endpoint.host) answered and offers \(count)")
        } catch {
            return ConnectionReport(provider: endpoint.name, problem: error,
                                    summary: "\(endpoint.label) at \(endpoint.host): \(error.message)")
        }
    }

    /// Adds a query parameter, escaping its value.
    static func query(_ name: String, _ value: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?/")
        return "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
    }
}
