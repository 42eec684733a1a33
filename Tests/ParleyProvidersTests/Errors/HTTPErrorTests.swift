import Foundation
import ParleyCore
import ParleyProviders
import Testing

/// One HTTP error body from the reference and what the person must see for it.
struct ErrorCase: Sendable, CustomTestStringConvertible {
    var kind: ProviderKind
    var key: String
    var code: ParleyError.Code
    var says: String
    var hint: String = ""
    var retried: Bool

    var testDescription: String { "\(kind.rawValue) \(key)" }
}

@Suite("HTTP errors become one clear error, retried only when that can help")
struct HTTPErrorTests {
    static let cases: [ErrorCase] = [
        ErrorCase(kind: .openai, key: "openai-401", code: .auth,
                  says: "the OpenAI key was refused (Incorrect API key provided: [key]", hint: "check OPENAI_API_KEY",
                  retried: false),
        ErrorCase(kind: .openai, key: "openai-400-context", code: .badRequest,
                  says: "too long for the model (This model's maximum context length", hint: "new chat", retried: false),
        ErrorCase(kind: .openai, key: "openai-403", code: .auth, says: "refused access (Country, region", retried: false),
        ErrorCase(kind: .openai, key: "openai-404", code: .modelNotFound,
                  says: "does not know the model \"test-model\" (The model `gpt-9` does not exist", retried: false),
        ErrorCase(kind: .openai, key: "openai-429-rate", code: .rateLimit, says: "asks to slow down (Rate limit reached",
                  retried: true),
        ErrorCase(kind: .openai, key: "openai-429-quota", code: .rateLimit,
                  says: "quota is used up (You exceeded your current quota", hint: "add credits", retried: false),
        ErrorCase(kind: .openai, key: "openai-500", code: .server,
                  says: "failed on its side (HTTP 500: The server had an error", retried: true),
        ErrorCase(kind: .openai, key: "openai-503", code: .server, says: "currently overloaded", hint: "overloaded",
                  retried: true),
        ErrorCase(kind: .anthropic, key: "anthropic-400", code: .badRequest, says: "max_tokens: Field required",
                  retried: false),
        ErrorCase(kind: .anthropic, key: "anthropic-401", code: .auth,
                  says: "the Anthropic key was refused (invalid x-api-key)", hint: "check ANTHROPIC_API_KEY", retried: false),
        ErrorCase(kind: .anthropic, key: "anthropic-403", code: .auth, says: "does not have permission", retried: false),
        ErrorCase(kind: .anthropic, key: "anthropic-404", code: .modelNotFound, says: "model: claude-nonexistent",
                  retried: false),
        ErrorCase(kind: .anthropic, key: "anthropic-413", code: .badRequest, says: "too large", retried: false),
        ErrorCase(kind: .anthropic, key: "anthropic-429", code: .rateLimit, says: "per-minute rate limit", retried: true),
        ErrorCase(kind: .anthropic, key: "anthropic-500", code: .server, says: "Internal server error", retried: true),
        ErrorCase(kind: .anthropic, key: "anthropic-529", code: .server, says: "(HTTP 529: Overloaded)",
                  hint: "overloaded", retried: true),
        ErrorCase(kind: .ollama, key: "ollama-400", code: .badRequest, says: "invalid options: num_thread", retried: false),
        ErrorCase(kind: .ollama, key: "ollama-401", code: .auth, says: "the Ollama key was refused (unauthorized)",
                  hint: "check OLLAMA_API_KEY", retried: false),
        ErrorCase(kind: .ollama, key: "ollama-404", code: .modelNotFound, says: "model 'llama9' not found", retried: false),
        ErrorCase(kind: .ollama, key: "ollama-429", code: .rateLimit, says: "too many requests", retried: true),
        ErrorCase(kind: .ollama, key: "ollama-500", code: .server, says: "llama runner process has terminated",
                  retried: true),
        ErrorCase(kind: .ollama, key: "ollama-502", code: .server, says: "cloud model unreachable", retried: true),
        ErrorCase(kind: .gemini, key: "gemini-400-key", code: .auth,
                  says: "the Gemini key was refused (API key not valid", hint: "check GEMINI_API_KEY", retried: false),
        ErrorCase(kind: .gemini, key: "gemini-400", code: .badRequest, says: "Request contains an invalid argument",
                  retried: false),
        ErrorCase(kind: .gemini, key: "gemini-400-precondition", code: .badRequest, says: "User location is not supported",
                  retried: false),
        ErrorCase(kind: .gemini, key: "gemini-403", code: .auth, says: "unregistered callers", retried: false),
        ErrorCase(kind: .gemini, key: "gemini-404", code: .modelNotFound, says: "models/gemini-9 is not found",
                  retried: false),
        ErrorCase(kind: .gemini, key: "gemini-429", code: .rateLimit, says: "Resource has been exhausted", retried: true),
        ErrorCase(kind: .gemini, key: "gemini-500", code: .server, says: "An internal error has occurred", retried: true),
        ErrorCase(kind: .gemini, key: "gemini-503", code: .server, says: "The model is overloaded", retried: true),
        ErrorCase(kind: .gemini, key: "gemini-504", code: .server, says: "Deadline expired", retried: true),
        ErrorCase(kind: .gemini, key: "gemini-array", code: .server, says: "(HTTP 500: An internal error", retried: true),
        ErrorCase(kind: .openai, key: "cloudflare", code: .badRequest, says: "Could not route to", retried: false),
        ErrorCase(kind: .openai, key: "detail", code: .badRequest, says: "(HTTP 422: Input should be a valid list)",
                  retried: false),
        ErrorCase(kind: .openai, key: "message", code: .server, says: "(HTTP 502: upstream connect error)", retried: true),
        ErrorCase(kind: .openai, key: "html", code: .server, says: "<html><body>502 Bad Gateway", retried: true),
        ErrorCase(kind: .openai, key: "should-retry-false", code: .server, says: "(HTTP 500: no)", retried: false),
    ]

    @Test("every error body gives its kind, the provider's words and what to do", arguments: cases)
    func error(_ errorCase: ErrorCase) async throws {
        let recorder = SleepRecorder()
        let (outcome, token) = await run(errorCase.kind, "error-" + errorCase.key, recorder: recorder)
        #expect(outcome.text.isEmpty)
        let error = try #require(outcome.error)
        #expect(error.code == errorCase.code)
        #expect(error.message.contains(errorCase.says), "\(error.message)")
        #expect(errorCase.hint.isEmpty || error.hint.contains(errorCase.hint), "\(error.hint)")
        #expect(!error.description.contains(testKey))
        let attempts = try await TestServer.shared.requests(token).count
        #expect(attempts == (errorCase.retried ? 3 : 1))
        #expect(recorder.recorded.count == (errorCase.retried ? 2 : 0))
    }

    @Test("model listing reports errors the same way", arguments: ProviderKind.allCases)
    func listingErrors(kind: ProviderKind) async throws {
        let key = kind == .gemini ? "gemini-400-key" : "\(kind.rawValue)-401"
        let provider = testEndpoint(kind, token: newToken(), scenario: "error-" + key).makeProvider()
        let error = await #expect(throws: ParleyError.self) { try await provider.listModels() }
        #expect(error?.code == .auth)
        #expect(error?.hint == "check \(kind.keyVariable)")
    }

    @Test("an unreachable server is a network error naming the host, retried twice")
    func unreachable() async throws {
        let recorder = SleepRecorder()
        let endpoint = ProviderEndpoint(
            kind: .openai, baseURL: "http://127.0.0.1:9/v1", apiKey: testKey, retry: recorder.policy)
        let outcome = await collect(endpoint.makeProvider().stream(sampleRequest))
        let error = try #require(outcome.error)
        #expect(error.code == .network)
        #expect(error.message.hasPrefix("could not reach OpenAI at 127.0.0.1:9 ("), "\(error.message)")
        #expect(recorder.recorded == [.milliseconds(500), .seconds(1)])
    }
}
