import ParleyCore
@testable import ParleyProviders
import Testing

@Suite("Handing a burst of deltas to the consumer")
struct ChatEventBatchTests {
    private func batch(_ events: [ChatEvent]) -> [ChatEvent] {
        var batch = ChatEventBatch()
        for event in events { batch.append(event) }
        return batch.take()
    }

    @Test("adjacent deltas of one kind are joined, order and text unchanged")
    func joins() {
        #expect(batch([.text("a"), .text("b"), .reasoning("r"), .reasoning("s"), .text("c")])
            == [.text("ab"), .reasoning("rs"), .text("c")])
    }

    @Test("the end of the answer closes the open delta and keeps its place")
    func finished() {
        let completion = ChatCompletion(finishReason: .stop, usage: Usage(),
                                        timings: ChatTimings(timeToFirstToken: nil, total: .zero))
        #expect(batch([.reasoning("r"), .text("a"), .text("b"), .finished(completion)])
            == [.reasoning("r"), .text("ab"), .finished(completion)])
    }

    @Test("taking empties the batch")
    func takeEmpties() {
        var batch = ChatEventBatch()
        batch.append(.text("a"))
        #expect(batch.take() == [.text("a")])
        #expect(batch.take().isEmpty)
        batch.append(.text("b"))
        #expect(batch.take() == [.text("b")])
    }
}
