/// A model a provider offers, as its live model list reports it.
public struct ModelInfo: Sendable, Equatable, Codable {
    /// The name to put in requests.
    public var id: String
    /// A human name when the provider gives one.
    public var displayName: String?

    public init(id: String, displayName: String? = nil) {
        self.id = id
        self.displayName = displayName
    }
}
