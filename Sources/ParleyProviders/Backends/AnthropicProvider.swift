import Foundation
import ParleyCore

/// Anthropic Messages: system prompt top-level, `max_tokens` required, usage cumulative in `message_delta`.
public struct AnthropicProvider: HTTPChatProvider {
    public let endpoint: ProviderEndpoint
    /// Sent when the request gives none, because the API refuses a request without it.
    public var defaultMaxTokens: Int
    private var support: ProviderSupport { ProviderSupport(endpoint: endpoint) }

    static let apiVersion = "2023-06-01"

    public init(endpoint: ProviderEndpoint, defaultMaxTokens: Int = 4096) {
        self.endpoint = endpoint
        self.defaultMaxTokens = defaultMaxTokens
    }

    public var name: String { endpoint.name }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatEvent, any Error> {
        support.stream(request, as: httpRequest(for: request), framing: .sse) { AnthropicStreamDecoder(errors: $0) }
    }

    /// Follows `after_id` while the API says there is more, so long lists are complete.
    public func listModels() async throws(ParleyError) -> [ModelInfo] {
        var models: [ModelInfo] = []
        var after: String?
        for _ in 0..<100 {
            var url = endpoint.baseURL + "/v1/models?limit=1000"
            if let after { url += "&" + ProviderSupport.query("after_id", after) }
            let page = try await support.fetchJSON(HTTPRequest(url: url, headers: headers))
            for entry in page.array("data") ?? [] {
                guard let id = entry.string("id") else { continue }
                models.append(ModelInfo(id: id, displayName: entry.string("display_name")))
            }
            guard page.bool("has_more") == true, let last = page.string("last_id"), last != after else { break }
            after = last
        }
        return models
    }

    public func testConnection() async -> ConnectionReport {
        await support.testConnection { () async throws(ParleyError) in try await listModels() }
    }

    private var headers: [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [("anthropic-version", Self.apiVersion)]
        if let key = endpoint.apiKey, !key.isEmpty { headers.insert(("x-api-key", key), at: 0) }
        return headers
    }

    func httpRequest(for request: ChatRequest) -> HTTPRequest {
        var system = request.systemPrompt.map { [$0] } ?? []
        var messages: [JSONValue] = []
        for message in request.messages {
            guard message.role != .system else {
                system.append(message.text)
                continue
            }
            var content: [JSONValue] = message.images.map { image in
                ["type": "image", "source": [
                    "type": "base64", "media_type": .string(image.mimeType),
                    "data": .string(image.data.base64EncodedString()),
                ]]
            }
            content.append(["type": "text", "text": .string(message.text)])
            messages.append(["role": .string(message.role.rawValue),
                             "content": message.images.isEmpty ? .string(message.text) : .array(content)])
        }
        var body: JSONObject = [
            "model": .string(request.model), "messages": .array(messages), "stream": true,
            "max_tokens": .int(request.maxOutputTokens ?? defaultMaxTokens),
        ]
        let joined = system.filter { !$0.isEmpty }.joined(separator: "\n\n")
        if !joined.isEmpty { body["system"] = .string(joined) }
        if let temperature = request.temperature { body["temperature"] = .double(temperature) }
        return HTTPRequest(
            method: "POST", url: endpoint.baseURL + "/v1/messages",
            headers: headers + [("content-type", "application/json"), ("accept", "text/event-stream")],
            body: body.jsonData())
    }
}

/// Reads Messages stream events; a mid-stream `error` is an error, never a short answer.
struct AnthropicStreamDecoder: StreamDecoder {
    let errors: ErrorNormalizer
    private var stopReason: String?
    private var usage = Usage()

    init(errors: ErrorNormalizer) {
        self.errors = errors
    }

    mutating func decode(event: String, data: [UInt8], into events: inout ChatEventBatch) throws(ParleyError) -> Bool {
        guard let object = JSONView.parse(bytes: data), object.isObject else {
            if event == "ping" { return false }
            throw errors.malformed(String(decoding: data, as: UTF8.self))
        }
        let type = object.string("type") ?? event
        switch type {
        case "message_start":
            if let reported = object.object("message")?.object("usage") { readUsage(reported) }
        case "content_block_delta":
            guard let delta = object.object("delta") else { break }
            switch delta.string("type") {
            case "text_delta": if let text = delta.string("text"), !text.isEmpty { events.append(.text(text)) }
            case "thinking_delta":
                if let text = delta.string("thinking"), !text.isEmpty { events.append(.reasoning(text)) }
            default: break
            }
        case "message_delta":
            if let reason = object.object("delta")?.string("stop_reason") { stopReason = reason }
            if let reported = object.object("usage") { readUsage(reported) }
        case "message_stop":
            return true
        case "error":
            throw errors.streamError(ProviderErrorBody(object: object)
                ?? ProviderErrorBody(message: String(decoding: data, as: UTF8.self), codes: []))
        default:
            break
        }
        return false
    }

    mutating func finish(sawEnd: Bool) throws(ParleyError) -> (FinishReason, Usage) {
        guard sawEnd else { throw errors.cutOff() }
        return (stopReason.map(Self.reason) ?? .unknown, usage)
    }

    /// Counts are cumulative, so the last value wins; summing would double-count.
    private mutating func readUsage(_ reported: JSONView) {
        usage.outputTokens = reported.int("output_tokens") ?? usage.outputTokens
        if let input = reported.int("input_tokens") { usage.inputTokens = input }
        let cacheRead = reported.int("cache_read_input_tokens")
        let cacheWrite = reported.int("cache_creation_input_tokens")
        if cacheRead != nil || cacheWrite != nil { usage.cachedTokens = (cacheRead ?? 0) + (cacheWrite ?? 0) }
    }

    static func reason(_ text: String) -> FinishReason {
        switch text {
        case "end_turn", "stop_sequence": .stop
        case "max_tokens": .length
        case "tool_use": .toolCalls
        case "refusal": .contentFilter("the model refused to answer")
        default: .other(text)
        }
    }
}
