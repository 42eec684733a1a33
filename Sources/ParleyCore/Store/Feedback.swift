/// A thumbs up (1) or down (0) on a step; Chainlit puts it on the run step of an exchange.
public struct Feedback: Sendable, Equatable, Hashable, Codable {
    public var id: String
    public var forId: String
    public var threadId: String
    public var value: Int
    public var comment: String?

    public init(id: String, forId: String, threadId: String, value: Int, comment: String? = nil) {
        self.id = id
        self.forId = forId
        self.threadId = threadId
        self.value = value
        self.comment = comment
    }
}
