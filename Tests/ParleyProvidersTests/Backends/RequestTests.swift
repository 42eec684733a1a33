import Foundation
import ParleyCore
import ParleyProviders
import Testing

@Suite("The exact requests each backend sends")
struct RequestTests {
    func sent(_ kind: ProviderKind) async throws -> RecordedRequest {
        let (outcome, token) = await run(kind, "ok")
        #expect(outcome.error == nil)
        return try #require(try await TestServer.shared.requests(token).first)
    }

    @Test("OpenAI: bearer key, system message first, stream_options and max_completion_tokens")
    func openAI() async throws {
        let request = try await sent(.openai)
        #expect(request.method == "POST")
        #expect(request.path == "/v1/chat/completions")
        #expect(request.headers["authorization"] == "Bearer \(testKey)")
        #expect(request.headers["content-type"] == "application/json")
        let body = request.body
        #expect(body["model"] as? String == "test-model")
        #expect(body["stream"] as? Bool == true)
        #expect((body["stream_options"] as? [String: Any])?["include_usage"] as? Bool == true)
        #expect(body["max_completion_tokens"] as? Int == 100)
        #expect(body["temperature"] as? Double == 0.5)
        let messages = try #require(body["messages"] as? [[String: Any]])
        #expect(messages.compactMap { $0["role"] as? String } == ["system", "user", "assistant", "user"])
        #expect(messages.first?["content"] as? String == "Be brief.")
    }

    @Test("Anthropic: x-api-key, anthropic-version, top-level system and max_tokens")
    func anthropic() async throws {
        let request = try await sent(.anthropic)
        #expect(request.path == "/v1/messages")
        #expect(request.headers["x-api-key"] == testKey)
        #expect(request.headers["anthropic-version"] == "2023-06-01")
        #expect(request.headers["authorization"] == nil)
        let body = request.body
        #expect(body["system"] as? String == "Be brief.")
        #expect(body["max_tokens"] as? Int == 100)
        #expect(body["stream"] as? Bool == true)
        let messages = try #require(body["messages"] as? [[String: Any]])
        #expect(messages.compactMap { $0["role"] as? String } == ["user", "assistant", "user"])
    }

    @Test("Anthropic always sends max_tokens, which the API requires")
    func anthropicDefaultMaxTokens() async throws {
        var request = sampleRequest
        request.maxOutputTokens = nil
        let (_, token) = await run(.anthropic, "ok", request: request)
        let body = try #require(try await TestServer.shared.requests(token).first).body
        #expect(body["max_tokens"] as? Int == 4096)
    }

    @Test("Ollama: num_predict (not num_ctx) caps the output, no auth header locally")
    func ollama() async throws {
        let request = try await sent(.ollama)
        #expect(request.path == "/api/chat")
        #expect(request.headers["authorization"] == nil)
        let options = try #require(request.body["options"] as? [String: Any])
        #expect(options["num_predict"] as? Int == 100)
        #expect(options["num_ctx"] == nil)
        #expect(options["temperature"] as? Double == 0.5)
        let messages = try #require(request.body["messages"] as? [[String: Any]])
        #expect(messages.compactMap { $0["role"] as? String } == ["system", "user", "assistant", "user"])
    }

    @Test("Gemini: alt=sse, x-goog-api-key, user/model roles and systemInstruction")
    func gemini() async throws {
        let request = try await sent(.gemini)
        #expect(request.path == "/v1beta/models/test-model:streamGenerateContent?alt=sse")
        #expect(request.headers["x-goog-api-key"] == testKey)
        let contents = try #require(request.body["contents"] as? [[String: Any]])
        #expect(contents.compactMap { $0["role"] as? String } == ["user", "model", "user"])
        let system = try #require(request.body["systemInstruction"] as? [String: Any])
        let parts = try #require(system["parts"] as? [[String: Any]])
        #expect(parts.first?["text"] as? String == "Be brief.")
        let generation = try #require(request.body["generationConfig"] as? [String: Any])
        #expect(generation["maxOutputTokens"] as? Int == 100)
    }

    @Test("images travel in each provider's own shape", arguments: ProviderKind.allCases)
    func images(kind: ProviderKind) async throws {
        let image = ChatImage(mimeType: "image/png", data: Data([1, 2, 3]))
        let request = ChatRequest(model: "m", messages: [ChatMessage(role: .user, text: "look", images: [image])])
        let (_, token) = await run(kind, "ok", request: request)
        let body = try #require(try await TestServer.shared.requests(token).first).body
        let text = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        let expected: String = switch kind {
        case .openai: "data:image\\/png;base64,AQID"
        case .anthropic: "\"media_type\":\"image\\/png\""
        case .ollama: "\"images\":[\"AQID\"]"
        case .gemini: "\"inlineData\""
        }
        #expect(text.contains(expected), "\(text)")
        #expect(text.contains("AQID"))
    }
}
