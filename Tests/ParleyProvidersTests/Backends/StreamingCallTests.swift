import ParleyCore
@testable import ParleyProviders
import Testing

@Suite("Handing a burst of deltas to the consumer")
struct StreamingCallTests {
    @Test("adjacent deltas of one kind are joined, order and text unchanged")
    func merges() {
        let merged = StreamingCall<OpenAIStreamDecoder>.merged([
            .text("a"), .text("b"), .reasoning("r"), .reasoning("s"), .text("c"),
        ])
        #expect(merged == [.text("ab"), .reasoning("rs"), .text("c")])
    }
}
