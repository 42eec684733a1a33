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

    init(
        _ kind: ProviderKind, _ key: String, _ code: ParleyError.Code, _ says: String, hint: String = "",
        retried: Bool
    ) {
        self.kind = kind
        self.key = key
        self.code = code
        self.says = says
        self.hint = hint
        self.retried = retried
    }

    var testDescription: String { "\(kind.rawValue) \(key)" }
}

@Suite("HTTP errors become one clear error, retried only when that can help")
struct HTTPErrorTests {
    static let cases: [ErrorCase] = [
        ErrorCase(.openai, "openai-401", .auth,
                  "the OpenAI key was refused (Incorrect API key provided: [key]", hint: "check OPENAI_API_KEY",
                  retried: false),
        ErrorCase(.openai, "openai-400-context", .badRequest,
                  "too long for the model (This model's maximum context length", hint: "new chat", retried: false),
        ErrorCase(.openai, "openai-403", .auth, "refused access (Country, region", retried: false),
        ErrorCase(.openai, "openai-404", .modelNotFound,
                  "does not know the model \"test-model\" (The model `gpt-9` does not exist", retried: false),
        ErrorCase(.openai, "openai-429-rate", .rateLimit, "asks to slow down (Rate limit reached",
                  retried: true),
        ErrorCase(.openai, "openai-429-quota", .rateLimit,
                  "quota is used up (You exceeded your current quota", hint: "add credits", retried: false),
        ErrorCase(.openai, "openai-500", .server,
                  "failed on its side (HTTP 500: The server had an error", retried: true),
        ErrorCase(.openai, "openai-503", .server, "currently overloaded", hint: "overloaded",
                  retried: true),
        ErrorCase(.anthropic, "anthropic-400", .badRequest, "max_tokens: Field required",
                  retried: false),
        ErrorCase(.anthropic, "anthropic-401", .auth,
                  "the Anthropic key was refused (invalid x-api-key)", hint: "check ANTHROPIC_API_KEY", retried: false),
        ErrorCase(.anthropic, "anthropic-403", .auth, "does not have permission", retried: false),
        ErrorCase(.anthropic, "anthropic-404", .modelNotFound, "model: claude-nonexistent",
                  retried: false),
        ErrorCase(.anthropic, "anthropic-413", .badRequest, "too large", retried: false),
        ErrorCase(.anthropic, "anthropic-429", .rateLimit, "per-minute rate limit", retried: true),
        ErrorCase(.anthropic, "anthropic-500", .server, "Internal server error", retried: true),
        ErrorCase(.anthropic, "anthropic-529", .server, "(HTTP 529: Overloaded)",
                  hint: "overloaded", retried: true),
        ErrorCase(.ollama, "ollama-400", .badRequest, "invalid options: num_thread", retried: false),
        ErrorCase(.ollama, "ollama-401", .auth, "Ollama asks for a key, and none is set (unauthorized)",
                  hint: "an api_key_env, api_key_cmd or api_key", retried: false),
        ErrorCase(.ollama, "ollama-404", .modelNotFound, "model 'llama9' not found", retried: false),
        ErrorCase(.ollama, "ollama-429", .rateLimit, "too many requests", retried: true),
        ErrorCase(.ollama, "ollama-500", .server, "llama runner process has terminated",
                  retried: true),
        ErrorCase(.ollama, "ollama-502", .server, "cloud model unreachable", retried: true),
        ErrorCase(.gemini, "gemini-400-key", .auth,
                  "the Gemini key was refused (API key not valid", hint: "check GEMINI_API_KEY", retried: false),
        ErrorCase(.gemini, "gemini-400", .badRequest, "Request contains an invalid argument",
                  retried: false),
        ErrorCase(.gemini, "gemini-400-precondition", .badRequest, "User location is not supported",
                  retried: false),
        ErrorCase(.gemini, "gemini-403", .auth, "unregistered callers", retried: false),
        ErrorCase(.gemini, "gemini-404", .modelNotFound, "models/gemini-9 is not found",
                  retried: false),
        ErrorCase(.gemini, "gemini-429", .rateLimit, "Resource has been exhausted", retried: true),
        ErrorCase(.gemini, "gemini-500", .server, "An internal error has occurred", retried: true),
        ErrorCase(.gemini, "gemini-503", .server, "The model is overloaded", retried: true),
        ErrorCase(.gemini, "gemini-504", .server, "Deadline expired", retried: true),
        ErrorCase(.gemini, "gemini-array", .server, "(HTTP 500: An internal error", retried: true),
        ErrorCase(.openai, "cloudflare", .badRequest, "Could not route to", retried: false),
        ErrorCase(.openai, "detail", .badRequest, "(HTTP 422: Input should be a valid list)",
                  retried: false),
        ErrorCase(.openai, "message", .server, "(HTTP 502: upstream connect error)", retried: true),
        ErrorCase(.openai, "html", .server, "(HTTP 502: 502 Bad Gateway)", retried: true),
        ErrorCase(.openai, "not-found-detail", .config, "nothing answers at http://127.0.0.1:", hint: "/v1",
                  retried: false),
        ErrorCase(.openai, "not-found-html", .config,
                  "(HTTP 404: Error response Error code: 404 Message: File not found.)", hint: "check the base URL",
                  retried: false),
        ErrorCase(.openai, "should-retry-false", .server, "(HTTP 500: no)", retried: false),
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
        // Ollama is reached without a key, so its hint says how to give it one.
        #expect(error?.hint.contains(kind == .ollama ? "api_key_env" : "check \(kind.keyVariable)") == true)
    }

    @Test("a base URL with nothing behind it fails a model listing as a wrong URL, not an unknown model")
    func listingAtWrongURL() async throws {
        let provider = testEndpoint(.openai, token: newToken(), scenario: "error-not-found-html").makeProvider()
        let error = await #expect(throws: ParleyError.self) { try await provider.listModels() }
        #expect(error?.code == .config)
        #expect(error?.message.contains("does not know the model") == false, "\(error?.message ?? "")")
        #expect(error?.message.contains("<") == false, "the page's markup is left out: \(error?.message ?? "")")
    }

    @Test("a model listing cancelled while it waits is reported as interrupted, not as a malformed answer")
    func listingCancelled() async throws {
        let provider = testEndpoint(.openai, token: newToken(), scenario: "hang-headers").makeProvider()
        let listing = Task { try await provider.listModels() }
        try await Task.sleep(for: .milliseconds(100))
        listing.cancel()
        let error = await #expect(throws: ParleyError.self) { try await listing.value }
        #expect(error?.code == .interrupted, "\(error?.message ?? "")")
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
