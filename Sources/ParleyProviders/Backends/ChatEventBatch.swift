import ParleyCore

/// The events decoded from one read, adjacent deltas of one kind joined as they are added: waking the consumer
/// once per burst instead of once per token keeps CPU low on fast streams and changes no text. Joining on the
/// way in, rather than listing every delta first, keeps a burst of thousands of tokens from growing a list of
/// thousands of events.
struct ChatEventBatch {
    private var closed: [ChatEvent] = []
    /// The delta being joined; only one kind is open at a time.
    private var text = ""
    private var reasoning = ""

    mutating func append(_ event: ChatEvent) {
        switch event {
        case .text(let next):
            closeReasoning()
            text += next
        case .reasoning(let next):
            closeText()
            reasoning += next
        case .finished:
            closeText()
            closeReasoning()
            closed.append(event)
        }
    }

    /// The events in order, the open delta last; the batch is left empty.
    mutating func take() -> [ChatEvent] {
        closeText()
        closeReasoning()
        defer { closed = [] }
        return closed
    }

    private mutating func closeText() {
        guard !text.isEmpty else { return }
        closed.append(.text(text))
        text = ""
    }

    private mutating func closeReasoning() {
        guard !reasoning.isEmpty else { return }
        closed.append(.reasoning(reasoning))
        reasoning = ""
    }
}
