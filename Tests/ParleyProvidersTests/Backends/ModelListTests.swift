import Foundation
import ParleyCore
import ParleyProviders
import Testing

@Suite("Model lists and connection tests")
struct ModelListTests {
    @Test("each backend lists its live models, following pages and keeping chat models only", arguments: [
        (ProviderKind.openai, ["gpt-4o", "gpt-4o-mini"], 1),
        (.anthropic, ["claude-b", "claude-a", "claude-c"], 2),
        (.ollama, ["llama3.2:latest", "qwen3:8b"], 1),
        (.gemini, ["gemini-2.0-flash", "gemini-2.5-pro"], 2),
    ])
    func models(kind: ProviderKind, expected: [String], pages: Int) async throws {
        let token = newToken()
        let models = try await testEndpoint(kind, token: token, scenario: "ok").makeProvider().listModels()
        #expect(models.map(\.id) == expected)
        let requests = try await TestServer.shared.requests(token)
        #expect(requests.count == pages)
        #expect(requests.allSatisfy { $0.method == "GET" })
        if kind == .anthropic {
            #expect(requests.last?.path.contains("after_id=claude-a") == true)
            #expect(requests.first?.headers["anthropic-version"] == "2023-06-01")
            #expect(models.first?.displayName == "Claude B")
        }
        if kind == .gemini { #expect(requests.last?.path.contains("pageToken=p2") == true) }
    }

    @Test("a working provider's test says where it is and what it offers")
    func connectionWorks() async {
        let report = await testEndpoint(.openai, token: newToken(), scenario: "ok").makeProvider().testConnection()
        #expect(report.succeeded)
        #expect(report.summary == "OpenAI at 127.0.0.1:\(TestServer.shared.port) answered and offers 2 models")
    }

    @Test("a refused key is named with the variable to check, and the key is never shown", arguments: [
        (ProviderKind.openai, "openai-401", "OPENAI_API_KEY"),
        (.anthropic, "anthropic-401", "ANTHROPIC_API_KEY"),
        (.gemini, "gemini-400-key", "GEMINI_API_KEY"),
    ])
    func connectionRefusedKey(kind: ProviderKind, key: String, variable: String) async throws {
        let provider = testEndpoint(kind, token: newToken(), scenario: "error-" + key).makeProvider()
        let report = await provider.testConnection()
        #expect(!report.succeeded)
        let problem = try #require(report.problem)
        #expect(problem.code == .auth)
        #expect(report.summary.contains("key was refused"))
        #expect(problem.hint == "check \(variable)")
        #expect(!report.summary.contains(testKey) && !problem.description.contains(testKey))
    }

    @Test("an unreachable provider's test says it could not be reached")
    func connectionUnreachable() async {
        let endpoint = ProviderEndpoint(kind: .ollama, baseURL: "http://127.0.0.1:9", apiKey: nil,
                                        retry: RetryPolicy(maxRetries: 0))
        let report = await endpoint.makeProvider().testConnection()
        #expect(report.problem?.code == .network)
        #expect(report.summary.hasPrefix("Ollama at 127.0.0.1:9: could not reach Ollama at 127.0.0.1:9"))
    }
}
