import ParleyCore

/// The chat a session talks to, built by the executable from the store and the providers.
public struct ChatConnection: Sendable {
    public let session: ChatSession
    public let providers: any ProviderDirectory
    /// Label and value rows about the store and files, for `/settings`; secrets already redacted.
    public let details: @Sendable () async -> [(String, String)]
    /// Waits until the store, opened in the background, is ready (or known to be away, which the person is told);
    /// throws when it refuses, which ends the session. Called before the first command or message is handled.
    public let ready: @Sendable () async throws(ParleyError) -> Void
    /// A message is coming: begins what its request needs (loading libcurl) while the store is awaited.
    public let prepareToSend: @Sendable () -> Void
    /// True once the store refused a change that was then dropped: part of the chat is not saved.
    public let droppedWrites: @Sendable () -> Bool
    /// Saves (or journals) every pending write and closes the store; called once at the end.
    public let close: @Sendable () async -> Void

    public init(session: ChatSession, providers: any ProviderDirectory,
                details: @escaping @Sendable () async -> [(String, String)],
                ready: @escaping @Sendable () async throws(ParleyError) -> Void,
                prepareToSend: @escaping @Sendable () -> Void,
                droppedWrites: @escaping @Sendable () -> Bool = { false },
                close: @escaping @Sendable () async -> Void) {
        self.session = session
        self.providers = providers
        self.details = details
        self.ready = ready
        self.prepareToSend = prepareToSend
        self.droppedWrites = droppedWrites
        self.close = close
    }
}
