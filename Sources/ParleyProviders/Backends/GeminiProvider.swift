import Foundation
import ParleyCore

/// Google's Generative Language API, streamed with `alt=sse`; roles are `user` and `model`.
public struct GeminiProvider: HTTPChatProvider {
    public let endpoint: ProviderEndpoint
    private var support: ProviderSupport { ProviderSupport(endpoint: endpoint) }

    public init(endpoint: ProviderEndpoint) {
        self.endpoint = endpoint
    }

    public var name: String { endpoint.name }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatEvent, any Error> {
        support.stream(request, as: httpRequest(for: request), framing: .sse) { GeminiStreamDecoder(errors: $0) }
    }

    /// Follows `pageToken` to the end and keeps the models that can chat.
    public func listModels() async throws(ParleyError) -> [ModelInfo] {
        var models: [ModelInfo] = []
        var token: String?
        for _ in 0..<100 {
            var url = endpoint.baseURL + "/v1beta/models?pageSize=1000"
            if let token { url += "&" + ProviderSupport.query("pageToken", token) }
            let page = try await support.fetchJSON(HTTPRequest(url: url, headers: headers))
            for entry in page.array("models") ?? [] {
                let methods = entry.array("supportedGenerationMethods")?.compactMap(\.stringValue) ?? []
                guard methods.contains("generateContent"), var id = entry.string("name") else { continue }
                if id.hasPrefix("models/") { id.removeFirst("models/".count) }
                models.append(ModelInfo(id: id, displayName: entry.string("displayName")))
            }
            guard let next = page.string("nextPageToken"), !next.isEmpty, next != token else { break }
            token = next
        }
        return models
    }

    public func testConnection() async -> ConnectionReport {
        await support.testConnection { () async throws(ParleyError) in try await listModels() }
    }

    private var headers: [(name: String, value: String)] {
        guard let key = endpoint.apiKey, !key.isEmpty else { return [] }
        return [("x-goog-api-key", key)]
    }

    func httpRequest(for request: ChatRequest) -> HTTPRequest {
        var system = request.systemPrompt.map { [$0] } ?? []
        var contents: [JSONValue] = []
        for message in request.messages {
            guard message.role != .system else {
                system.append(message.text)
                continue
            }
            var parts: [JSONValue] = [["text": .string(message.text)]]
            for image in message.images {
                parts.append(["inlineData": [
                    "mimeType": .string(image.mimeType), "data": .string(image.data.base64EncodedString()),
                ]])
            }
            contents.append(["role": message.role == .assistant ? "model" : "user", "parts": .array(parts)])
        }
        var body: JSONObject = ["contents": .array(contents)]
        let joined = system.filter { !$0.isEmpty }.joined(separator: "\n\n")
        if !joined.isEmpty { body["systemInstruction"] = ["parts": [["text": .string(joined)]]] }
        var generation: JSONObject = [:]
        if let tokens = request.maxOutputTokens { generation["maxOutputTokens"] = .int(tokens) }
        if let temperature = request.temperature { generation["temperature"] = .double(temperature) }
        if !generation.isEmpty { body["generationConfig"] = .object(generation) }
        let model = request.model.hasPrefix("models/") ? String(request.model.dropFirst(7)) : request.model
        let escaped = model.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? model
        return HTTPRequest(
            method: "POST", url: endpoint.baseURL + "/v1beta/models/\(escaped):streamGenerateContent?alt=sse",
            headers: headers + [("Content-Type", "application/json")], body: body.jsonData())
    }
}

/// Reads `GenerateContentResponse` events; EOF ends the stream, and the last `usageMetadata` wins.
struct GeminiStreamDecoder: StreamDecoder {
    let errors: ErrorNormalizer
    private var finishReason: FinishReason?
    private var usage = Usage()
    private var blockReason: String?

    init(errors: ErrorNormalizer) {
        self.errors = errors
    }

    mutating func decode(event: String, data: [UInt8], into events: inout ChatEventBatch) throws(ParleyError) -> Bool {
        guard let chunk = JSONView.parse(bytes: data), chunk.isObject else {
            throw errors.malformed(String(decoding: data, as: UTF8.self))
        }
        if chunk["error"] != nil, let found = ProviderErrorBody(object: chunk) { throw errors.streamError(found) }
        if let metadata = chunk.object("usageMetadata") {
            usage.inputTokens = metadata.int("promptTokenCount") ?? usage.inputTokens
            usage.outputTokens = metadata.int("candidatesTokenCount") ?? usage.outputTokens
            usage.reasoningTokens = metadata.int("thoughtsTokenCount") ?? usage.reasoningTokens
            usage.cachedTokens = metadata.int("cachedContentTokenCount") ?? usage.cachedTokens
        }
        if let reason = chunk.object("promptFeedback")?.string("blockReason") { blockReason = reason }
        for candidate in chunk.array("candidates") ?? [] {
            for part in candidate.object("content")?.array("parts") ?? [] {
                guard let text = part.string("text"), !text.isEmpty else { continue }
                events.append(part.bool("thought") == true ? .reasoning(text) : .text(text))
            }
            if let reason = candidate.string("finishReason") { finishReason = Self.reason(reason) }
        }
        return false
    }

    mutating func finish(sawEnd: Bool) throws(ParleyError) -> (FinishReason, Usage) {
        if let blockReason {
            return (.contentFilter("Gemini blocked the prompt (\(blockReason))"), usage)
        }
        // Gemini has no end marker: its last chunk carries the finish reason, so a body without one ended early.
        guard let finishReason else { throw errors.cutOff() }
        return (finishReason, usage)
    }

    static func reason(_ text: String) -> FinishReason {
        switch text {
        case "STOP": .stop
        case "MAX_TOKENS": .length
        case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY":
            .contentFilter("Gemini stopped the answer for \(text)")
        default: .other(text)
        }
    }
}
