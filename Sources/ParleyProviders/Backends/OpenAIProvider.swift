import Foundation
import ParleyCore

/// OpenAI Chat Completions, and every server that speaks it (vLLM, llama.cpp, LM Studio, OpenRouter, Groq).
public struct OpenAIProvider: HTTPChatProvider {
    public let endpoint: ProviderEndpoint
    private var support: ProviderSupport { ProviderSupport(endpoint: endpoint) }

    public init(endpoint: ProviderEndpoint) {
        self.endpoint = endpoint
    }

    public var name: String { endpoint.name }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatEvent, any Error> {
        support.stream(request, as: httpRequest(for: request), framing: .sse) { OpenAIStreamDecoder(errors: $0) }
    }

    public func listModels() async throws(ParleyError) -> [ModelInfo] {
        let object = try await support.fetchJSON(HTTPRequest(url: endpoint.baseURL + "/models", headers: headers))
        let entries = object.array("data") ?? []
        return entries.compactMap { entry in entry.string("id").map { ModelInfo(id: $0) } }.sorted { $0.id < $1.id }
    }

    public func testConnection() async -> ConnectionReport {
        await support.testConnection { () async throws(ParleyError) in try await listModels() }
    }

    private var headers: [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        if let key = endpoint.apiKey, !key.isEmpty { headers.append(("Authorization", "Bearer \(key)")) }
        return headers
    }

    func httpRequest(for request: ChatRequest) -> HTTPRequest {
        var messages: [JSONValue] = []
        if let system = request.systemPrompt, !system.isEmpty {
            messages.append(["role": "system", "content": .string(system)])
        }
        for message in request.messages {
            if message.images.isEmpty {
                messages.append(["role": .string(message.role.rawValue), "content": .string(message.text)])
            } else {
                var parts: [JSONValue] = [["type": "text", "text": .string(message.text)]]
                for image in message.images {
                    let url = "data:\(image.mimeType);base64,\(image.data.base64EncodedString())"
                    parts.append(["type": "image_url", "image_url": ["url": .string(url)]])
                }
                messages.append(["role": .string(message.role.rawValue), "content": .array(parts)])
            }
        }
        var body: JSONObject = [
            "model": .string(request.model), "messages": .array(messages), "stream": true,
            "stream_options": ["include_usage": true],
        ]
        if let tokens = request.maxOutputTokens { body["max_completion_tokens"] = .int(tokens) }
        if let temperature = request.temperature { body["temperature"] = .double(temperature) }
        return HTTPRequest(
            method: "POST", url: endpoint.baseURL + "/chat/completions",
            headers: headers + [("Content-Type", "application/json"), ("Accept", "text/event-stream")],
            body: body.jsonData())
    }
}

/// Reads `chat.completion.chunk` events; errors can hide in any chunk or arrive as `event: error`.
struct OpenAIStreamDecoder: StreamDecoder {
    let errors: ErrorNormalizer
    private var finishReason: FinishReason?
    private var usage = Usage()

    init(errors: ErrorNormalizer) {
        self.errors = errors
    }

    mutating func decode(event: String, data: [UInt8], into events: inout ChatEventBatch) throws(ParleyError) -> Bool {
        if data.count == 6, data.elementsEqual("[DONE]".utf8) { return true }
        guard let chunk = JSONView.parse(bytes: data), chunk.isObject else {
            let text = String(decoding: data, as: UTF8.self)
            if event == "error" { throw errors.streamError(ProviderErrorBody(message: text, codes: [])) }
            throw errors.malformed(text)
        }
        // A chunk is walked once, member by member: this runs for every token of every answer.
        var choices: JSONView?
        var usage: JSONView?
        var failed = event == "error"
        chunk.forEachMember { key, value in
            if key.is("choices") {
                choices = value
            } else if key.is("usage") {
                usage = value
            } else if key.is("error") {
                // Some compatible servers send `"error": null` in ordinary chunks; only a real error counts.
                failed = failed || !value.isNull
            }
        }
        if failed {
            throw errors.streamError(ProviderErrorBody(object: chunk)
                ?? ProviderErrorBody(message: String(decoding: data, as: UTF8.self), codes: []))
        }
        if let usage, usage.isObject { readUsage(usage) }
        choices?.forEachElement { choice in read(choice, into: &events) }
        return false
    }

    private mutating func read(_ choice: JSONView, into events: inout ChatEventBatch) {
        var delta: JSONView?
        choice.forEachMember { key, value in
            if key.is("delta") {
                delta = value
            } else if key.is("finish_reason"), let reason = value.stringValue {
                finishReason = Self.reason(reason)
            }
        }
        var reasoning: String?
        var text: String?
        delta?.forEachMember { key, value in
            if key.is("content") {
                text = value.stringValue
            } else if key.is("reasoning_content") || (reasoning == nil && key.is("reasoning")) {
                reasoning = value.stringValue ?? reasoning
            }
        }
        if let reasoning, !reasoning.isEmpty { events.append(.reasoning(reasoning)) }
        if let text, !text.isEmpty { events.append(.text(text)) }
    }

    mutating func finish(sawEnd: Bool) throws(ParleyError) -> (FinishReason, Usage) {
        // Compatible servers may close without [DONE]; the finish reason says whether the answer was whole, and
        // a body with neither ended early.
        guard sawEnd || finishReason != nil else { throw errors.cutOff() }
        return (finishReason ?? .unknown, usage)
    }

    private mutating func readUsage(_ reported: JSONView) {
        usage.inputTokens = reported.int("prompt_tokens") ?? usage.inputTokens
        usage.outputTokens = reported.int("completion_tokens") ?? usage.outputTokens
        usage.cachedTokens = reported.object("prompt_tokens_details")?.int("cached_tokens") ?? usage.cachedTokens
        usage.reasoningTokens = reported.object("completion_tokens_details")?.int("reasoning_tokens")
            ?? usage.reasoningTokens
    }

    static func reason(_ text: String) -> FinishReason {
        switch text {
        case "stop": .stop
        case "length": .length
        case "content_filter": .contentFilter("the provider's content filter stopped the answer")
        case "tool_calls", "function_call": .toolCalls
        default: .other(text)
        }
    }
}
