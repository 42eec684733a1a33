import ParleyCore

/// The chat a session talks to, built by the executable from the store and the providers.
public struct ChatConnection: Sendable {
    public let session: ChatSession
    /// Saves (or journals) every pending write and closes the store; called once at the end.
    public let close: @Sendable () async -> Void

    public init(session: ChatSession, close: @escaping @Sendable () async -> Void) {
        self.session = session
        self.close = close
    }
}
