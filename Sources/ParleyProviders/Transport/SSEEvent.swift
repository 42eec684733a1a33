/// One dispatched server-sent event.
public struct SSEEvent: Sendable, Equatable {
    /// The `event:` field, or `message` when the server gave none.
    public var event: String
    /// The `data:` lines joined with `\n`.
    public var data: String
    /// The last event ID seen so far, if any.
    public var id: String?
    /// The reconnection time the server asked for, in milliseconds.
    public var retry: Int?

    public init(event: String = "message", data: String, id: String? = nil, retry: Int? = nil) {
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
    }
}
