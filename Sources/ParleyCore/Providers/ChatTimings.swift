/// How long an answer took, measured by the client from the moment the request left.
public struct ChatTimings: Sendable, Equatable {
    /// Until the first text or reasoning delta; nil when none came.
    public var timeToFirstToken: Duration?
    /// Until the stream ended.
    public var total: Duration

    public init(timeToFirstToken: Duration?, total: Duration) {
        self.timeToFirstToken = timeToFirstToken
        self.total = total
    }
}
