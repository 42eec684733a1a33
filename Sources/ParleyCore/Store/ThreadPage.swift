/// One page of a thread list; pass `nextCursor` back to get the next, as Chainlit's pageInfo does.
public struct ThreadPage: Sendable, Equatable {
    public var threads: [ThreadSummary]
    /// Opaque; set only when more threads follow.
    public var nextCursor: String?

    public init(threads: [ThreadSummary], nextCursor: String?) {
        self.threads = threads
        self.nextCursor = nextCursor
    }
}
