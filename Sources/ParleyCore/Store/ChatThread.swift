/// One chat; `steps` and `elements` are filled only by `DataLayer.thread(id:)`.
public struct ChatThread: Sendable, Equatable, Hashable, Codable {
    public var id: String
    public var createdAt: String
    public var name: String?
    public var userId: String?
    /// Filled from the user on creation: Chainlit's web app refuses to resume a thread without it.
    public var userIdentifier: String?
    public var tags: [String]?
    public var metadata: [String: JSONValue]
    public var steps: [Step]
    public var elements: [Element]

    public init(id: String, createdAt: String = Timestamp.now(), name: String? = nil, userId: String? = nil,
                userIdentifier: String? = nil, tags: [String]? = nil, metadata: [String: JSONValue] = [:],
                steps: [Step] = [], elements: [Element] = []) {
        self.id = id
        self.createdAt = createdAt
        self.name = name
        self.userId = userId
        self.userIdentifier = userIdentifier
        self.tags = tags
        self.metadata = metadata
        self.steps = steps
        self.elements = elements
    }

    /// Chainlit's name for a thread: its first user message, cut to the 255 characters its data layer keeps.
    public static func name(fromFirstMessage text: String) -> String {
        String(text.prefix(255))
    }
}
