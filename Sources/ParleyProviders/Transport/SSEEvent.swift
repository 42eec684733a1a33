/// One dispatched server-sent event.
public struct SSEEvent: Sendable, Equatable {
    /// The `event:` field, or `message` when the server gave none.
    public var event: String
    /// The `data:` lines joined with `\n`, as bytes: decoders parse them without a String copy.
    public var bytes: [UInt8]
    /// The last event ID seen so far, if any.
    public var id: String?
    /// The reconnection time the server asked for, in milliseconds.
    public var retry: Int?

    public init(event: String = "message", bytes: [UInt8], id: String? = nil, retry: Int? = nil) {
        self.event = event
        self.bytes = bytes
        self.id = id
        self.retry = retry
    }

    public init(event: String = "message", data: String, id: String? = nil, retry: Int? = nil) {
        self.init(event: event, bytes: Array(data.utf8), id: id, retry: retry)
    }

    /// The data as text.
    public var data: String { String(decoding: bytes, as: UTF8.self) }
}
