import Foundation
import ParleyCore
import ParleyProviders
import Testing

@Suite("Retrying like the official SDKs")
struct RetryTests {
    @Test("two overloads then an answer: the answer arrives after backoffs of 0.5 s and 1 s")
    func recovers() async throws {
        let recorder = SleepRecorder()
        let (outcome, token) = await run(.anthropic, "flaky-2-anthropic-529", recorder: recorder)
        #expect(outcome.error == nil)
        #expect(outcome.text == "Hello, wörld!")
        #expect(recorder.recorded == [.milliseconds(500), .seconds(1)])
        #expect(try await TestServer.shared.requests(token).count == 3)
    }

    @Test("the server's own wait is honoured", arguments: [
        (ProviderKind.openai, "openai-429-rate", Duration.milliseconds(1200)),
        (.anthropic, "anthropic-429", .seconds(7)),
    ])
    func serverWait(kind: ProviderKind, key: String, expected: Duration) async {
        let recorder = SleepRecorder()
        _ = await run(kind, "error-" + key, recorder: recorder)
        #expect(recorder.recorded == [expected, expected])
    }

    @Test("retry-after as an HTTP date is honoured")
    func httpDate() async throws {
        let recorder = SleepRecorder()
        _ = await run(.openai, "error-retry-date", recorder: recorder, maxRetries: 1)
        let delay = try #require(recorder.recorded.first)
        #expect(delay > .seconds(3) && delay <= .seconds(6), "\(delay)")
    }

    @Test("a wait over 60 s is ignored in favour of backoff")
    func tooLong() async {
        let recorder = SleepRecorder()
        _ = await run(.openai, "error-retry-too-long", recorder: recorder)
        #expect(recorder.recorded == [.milliseconds(500), .seconds(1)])
    }

    @Test("backoff doubles up to 8 s with at most 25 % jitter", arguments: [
        (0, 0.0, Duration.milliseconds(500)), (1, 0.0, .seconds(1)), (4, 0.0, .seconds(8)),
        (9, 0.0, .seconds(8)), (0, 1.0, .milliseconds(375)), (4, 1.0, .seconds(6)),
    ])
    func backoff(retriesMade: Int, random: Double, expected: Duration) {
        let policy = RetryPolicy(maxRetries: 20, random: { random })
        let failure = TransportFailure(kind: .connect, detail: "refused")
        #expect(policy.delay(after: failure, retriesMade: retriesMade) == expected)
    }

    @Test("no retry once the budget is spent, after a cancel or a missing libcurl, or for a non-HTTP error")
    func limits() {
        let policy = RetryPolicy(maxRetries: 2)
        #expect(policy.delay(after: TransportFailure(kind: .broken, detail: ""), retriesMade: 2) == nil)
        #expect(policy.delay(after: TransportFailure(kind: .cancelled, detail: ""), retriesMade: 0) == nil)
        #expect(policy.delay(after: TransportFailure(kind: .unavailable, detail: ""), retriesMade: 0) == nil)
        #expect(policy.delay(after: ParleyError(.server, "x"), retriesMade: 0) == nil)
    }

    @Test("x-should-retry: true overrides the status", arguments: [400, 404])
    func shouldRetryTrue(status: Int) {
        let policy = RetryPolicy(random: { 0 })
        let failure = HTTPStatusFailure(
            head: HTTPResponseHead(status: status, headers: ["x-should-retry": "true"]), body: Data())
        #expect(policy.delay(after: failure, retriesMade: 0) == .milliseconds(500))
    }
}
