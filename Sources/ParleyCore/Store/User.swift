/// A person as Chainlit stores them: `identifier` is the login name, `id` what threads point to.
public struct User: Sendable, Equatable, Hashable, Codable {
    public var id: String
    public var identifier: String
    public var metadata: [String: JSONValue]
    public var createdAt: String

    public init(id: String, identifier: String, metadata: [String: JSONValue] = [:],
                createdAt: String = Timestamp.now()) {
        self.id = id
        self.identifier = identifier
        self.metadata = metadata
        self.createdAt = createdAt
    }
}
