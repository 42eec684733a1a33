import ParleyCore

/// The chat a session talks to, built by the executable from the store and the providers.
public struct ChatConnection: Sendable {
    public let session: ChatSession
    public let providers: any ProviderDirectory
    /// Label and value rows about the store and files, for `/settings`; secrets already redacted.
    public let details: @Sendable () async -> [(String, String)]
    /// Saves (or journals) every pending write and closes the store; called once at the end.
    public let close: @Sendable () async -> Void

    public init(session: ChatSession, providers: any ProviderDirectory, details: @escaping @Sendable () async -> [(String, String)],
                close: @escaping @Sendable () async -> Void) {
        self.session = session
        self.providers = providers
        self.details = details
        self.close = close
    }
}
