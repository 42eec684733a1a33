import Foundation
import ParleyCore

/// Ollama's native `/api/chat`, streamed as NDJSON; `num_predict` caps output (not `num_ctx`).
public struct OllamaProvider: HTTPChatProvider {
    public let endpoint: ProviderEndpoint
    private var support: ProviderSupport { ProviderSupport(endpoint: endpoint) }

    public init(endpoint: ProviderEndpoint) {
        self.endpoint = endpoint
    }

    public var name: String { endpoint.name }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatEvent, any Error> {
        support.stream(request, as: httpRequest(for: request), framing: .ndjson) { OllamaStreamDecoder(errors: $0) }
    }

    public func listModels() async throws(ParleyError) -> [ModelInfo] {
        let object = try await support.fetchJSON(HTTPRequest(url: endpoint.baseURL + "/api/tags", headers: headers))
        let entries = object.array("models") ?? []
        return entries.compactMap { entry in (entry.string("model") ?? entry.string("name")).map { ModelInfo(id: $0) } }
    }

    public func testConnection() async -> ConnectionReport {
        await support.testConnection { () async throws(ParleyError) in try await listModels() }
    }

    /// Only Ollama's cloud needs a key; a local server ignores the header.
    private var headers: [(name: String, value: String)] {
        guard let key = endpoint.apiKey, !key.isEmpty else { return [] }
        return [("Authorization", "Bearer \(key)")]
    }

    func httpRequest(for request: ChatRequest) -> HTTPRequest {
        var messages: [JSONValue] = []
        if let system = request.systemPrompt, !system.isEmpty {
            messages.append(["role": "system", "content": .string(system)])
        }
        for message in request.messages {
            var entry: JSONObject = ["role": .string(message.role.rawValue), "content": .string(message.text)]
            if !message.images.isEmpty {
                entry["images"] = .array(message.images.map { .string($0.data.base64EncodedString()) })
            }
            messages.append(.object(entry))
        }
        var options: JSONObject = [:]
        if let tokens = request.maxOutputTokens { options["num_predict"] = .int(tokens) }
        if let temperature = request.temperature { options["temperature"] = .double(temperature) }
        var body: JSONObject = ["model": .string(request.model), "messages": .array(messages), "stream": true]
        if !options.isEmpty { body["options"] = .object(options) }
        return HTTPRequest(
            method: "POST", url: endpoint.baseURL + "/api/chat",
            headers: headers + [("Content-Type", "application/json")], body: body.jsonData())
    }
}

/// Reads NDJSON lines; `error` is checked before `done`, or a failed model would look like a wait forever.
struct OllamaStreamDecoder: StreamDecoder {
    let errors: ErrorNormalizer
    private var doneReason: String?
    private var usage = Usage()

    init(errors: ErrorNormalizer) {
        self.errors = errors
    }

    mutating func decode(event: String, data: [UInt8], into events: inout ChatEventBatch) throws(ParleyError) -> Bool {
        guard let object = JSONView.parse(bytes: data), object.isObject else {
            throw errors.malformed(String(decoding: data, as: UTF8.self))
        }
        if let found = ProviderErrorBody(object: object), object["error"] != nil { throw errors.streamError(found) }
        if let message = object.object("message") {
            if let thinking = message.string("thinking"), !thinking.isEmpty { events.append(.reasoning(thinking)) }
            if let text = message.string("content"), !text.isEmpty { events.append(.text(text)) }
        }
        guard object.bool("done") == true else { return false }
        doneReason = object.string("done_reason") ?? "stop"
        usage.inputTokens = object.int("prompt_eval_count") ?? 0
        usage.outputTokens = object.int("eval_count")
        return true
    }

    mutating func finish(sawEnd: Bool) throws(ParleyError) -> (FinishReason, Usage) {
        guard sawEnd else { throw errors.cutOff() }
        switch doneReason {
        case "stop": return (.stop, usage)
        case "length": return (.length, usage)
        case let other?: return (.other(other), usage)
        case nil: return (.unknown, usage)
        }
    }
}
