import Foundation
import ParleyCore
import ParleyProviders
import Synchronization
import Testing

@Suite("Streaming answers from every backend")
struct StreamingTests {
    static let expectedUsage: [ProviderKind: Usage] = [
        .openai: Usage(inputTokens: 54, outputTokens: 20, reasoningTokens: 5, cachedTokens: 3),
        .anthropic: Usage(inputTokens: 25, outputTokens: 15, cachedTokens: 4),
        .ollama: Usage(inputTokens: 26, outputTokens: 282),
        .gemini: Usage(inputTokens: 15, outputTokens: 6, reasoningTokens: 4),
    ]

    @Test("a whole answer arrives with its finish reason, usage and timings", arguments: ProviderKind.allCases)
    func wholeAnswer(kind: ProviderKind) async throws {
        let (outcome, _) = await run(kind, "ok")
        #expect(outcome.error == nil)
        #expect(outcome.text == "Hello, wörld!")
        let completion = try #require(outcome.completion)
        #expect(completion.finishReason == .stop)
        #expect(completion.usage == Self.expectedUsage[kind])
        let firstToken = try #require(completion.timings.timeToFirstToken)
        #expect(firstToken <= completion.timings.total)
    }

    @Test("reasoning deltas arrive apart from the answer", arguments: ProviderKind.allCases)
    func reasoning(kind: ProviderKind) async {
        let (outcome, _) = await run(kind, "reasoning")
        #expect(outcome.reasoning == "Thinking.")
        #expect(outcome.text == "Hello, wörld!")
    }

    @Test("a character split across two TCP writes arrives whole", arguments: ProviderKind.allCases)
    func splitCharacter(kind: ProviderKind) async {
        let (outcome, _) = await run(kind, "split-utf8")
        #expect(outcome.error == nil)
        #expect(outcome.text == "Hello, wörld!")
    }

    @Test("one huge chunk of a megabyte arrives whole", arguments: ProviderKind.allCases)
    func hugeChunk(kind: ProviderKind) async {
        let (outcome, _) = await run(kind, "huge")
        #expect(outcome.error == nil)
        #expect(outcome.text.utf8.count == 1_000_007)
        #expect(outcome.text.hasSuffix("xrld!"))
    }

    @Test("a slow drip of tokens arrives in order, the first token before the end", arguments: ProviderKind.allCases)
    func drip(kind: ProviderKind) async throws {
        let (outcome, _) = await run(kind, "drip")
        #expect(outcome.text == (0..<20).map { "t\($0) " }.joined())
        let timings = try #require(outcome.completion?.timings)
        let firstToken = try #require(timings.timeToFirstToken)
        #expect(firstToken < timings.total)
    }

    @Test("an error in the middle of a stream is an error, never a short answer", arguments: [
        (ProviderKind.openai, "The server had an error while processing your request."),
        (.anthropic, "Overloaded"),
        (.ollama, "an error was encountered while running the model"),
        (.gemini, "An internal error has occurred."),
    ])
    func midStreamError(kind: ProviderKind, said: String) async throws {
        let (outcome, token) = await run(kind, "mid-error")
        #expect(outcome.text == "Hel")
        #expect(outcome.completion == nil)
        let error = try #require(outcome.error)
        #expect(error.code == .server)
        #expect(error.message.contains(said), "\(error.message)")
        #expect(try await TestServer.shared.requests(token).count == 1)
    }

    @Test("a malformed chunk stops the answer with a clear error, keeping the text so far",
          arguments: ProviderKind.allCases)
    func malformed(kind: ProviderKind) async throws {
        let (outcome, _) = await run(kind, "malformed")
        #expect(outcome.text == "Hel")
        let error = try #require(outcome.error)
        #expect(error.code == .server)
        #expect(error.message.contains("malformed"))
    }

    @Test("a connection cut mid-stream keeps the text and is not retried", arguments: ProviderKind.allCases)
    func cutMidStream(kind: ProviderKind) async throws {
        let (outcome, token) = await run(kind, "cut-mid")
        #expect(outcome.text == "Hel")
        let error = try #require(outcome.error)
        #expect(error.code == .network)
        #expect(error.message.contains("broke"), "\(error.message)")
        #expect(try await TestServer.shared.requests(token).count == 1)
    }

    @Test("a stream that goes silent ends at the idle timeout, keeping the text", arguments: ProviderKind.allCases)
    func silentMidStream(kind: ProviderKind) async throws {
        let (outcome, token) = await run(kind, "hang-mid", idle: .seconds(1))
        #expect(outcome.text == "Hel")
        let error = try #require(outcome.error)
        #expect(error.code == .timeout)
        #expect(error.message.contains("stopped answering"))
        #expect(try await TestServer.shared.requests(token).count == 1)
    }

    @Test("a server that never sends headers ends at the idle timeout")
    func silentBeforeHeaders() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let (outcome, _) = await run(.openai, "hang-headers", maxRetries: 0, idle: .seconds(1))
        #expect(outcome.error?.code == .timeout)
        // The server hangs for 20 s: ending well before shows the 1 s idle timeout acted (speed is benchmarked).
        #expect(clock.now - start < .seconds(15))
    }

    /// Anthropic's and Ollama's streams that stop just before their end marker, and every provider's body that
    /// ends cleanly after the first words with no end marker or finish reason.
    static let cutOffStreams: [(ProviderKind, String, String)] = [(.anthropic, "no-end", "Hello, wörld!"),
        (.ollama, "no-end", "Hello, wörld!")] + ProviderKind.allCases.map { ($0, "ends-early", "Hel") }

    @Test("a body held open after the answer's end marker does not hold the answer back, nor the next one",
          arguments: [ProviderKind.openai, .anthropic, .ollama])
    func heldOpenAfterEndMarker(kind: ProviderKind) async throws {
        let token = newToken()
        let provider = testEndpoint(kind, token: token, scenario: "hang-after-end").makeProvider()
        for _ in 0..<2 {
            let outcome = await collect(provider.stream(sampleRequest))
            #expect(outcome.error == nil)
            #expect(outcome.text == "Hello, wörld!" && outcome.completion?.finishReason == .stop, "\(outcome)")
        }
        #expect(try await TestServer.shared.requests(token).count == 2)
    }

    @Test("an answer that ends without its end marker is reported as cut off, keeping the text",
          arguments: cutOffStreams)
    func missingEndMarker(kind: ProviderKind, scenario: String, text: String) async throws {
        let (outcome, _) = await run(kind, scenario)
        #expect(outcome.text == text)
        let error = try #require(outcome.error)
        #expect(error.code == .network)
        #expect(error.message.contains("cut off"))
        #expect(outcome.completion == nil)
    }

    @Test("OpenAI-compatible servers may omit [DONE] and send choices null or leave them out",
          arguments: ["no-done", "choices-null"])
    func compatibleQuirks(scenario: String) async throws {
        let (outcome, _) = await run(.openai, scenario)
        #expect(outcome.error == nil)
        #expect(outcome.text == "Hello, wörld!")
        #expect(outcome.completion?.usage.inputTokens == 54)
    }

    @Test("an OpenAI `event: error` frame is an error")
    func openAIEventError() async throws {
        let (outcome, _) = await run(.openai, "event-error")
        #expect(outcome.text == "Hel")
        #expect(outcome.error?.message.contains("stream broke") == true)
    }

    @Test("Gemini reports a blocked prompt and a safety stop as content-filter finishes")
    func geminiSafety() async throws {
        let (blocked, _) = await run(.gemini, "blocked")
        #expect(blocked.text.isEmpty)
        #expect(blocked.completion?.finishReason == .contentFilter("Gemini blocked the prompt (SAFETY)"))
        let (stopped, _) = await run(.gemini, "safety")
        #expect(stopped.text == "Hello, wörld!")
        #expect(stopped.completion?.finishReason == .contentFilter("Gemini stopped the answer for SAFETY"))
    }

    @Test("cancelling while the server is silent stops the stream promptly and keeps the text",
          arguments: ProviderKind.allCases)
    func cancel(kind: ProviderKind) async throws {
        let endpoint = testEndpoint(kind, token: newToken(), scenario: "hang-mid")
        let stream = endpoint.makeProvider().stream(sampleRequest)
        let received = Mutex("")
        let consumer = Task {
            for try await event in stream {
                if case .text(let piece) = event { received.withLock { $0 += piece } }
            }
        }
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(15)
        while received.withLock({ $0.isEmpty }), clock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        let start = clock.now
        consumer.cancel()
        _ = await consumer.result
        // The server stays silent for 20 s: returning well before means the cancel stopped the transfer.
        #expect(clock.now - start < .seconds(15))
        #expect(received.withLock { $0 } == "Hel")
    }
}
