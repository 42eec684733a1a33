/// A thread as the list shows it: no steps, just the latest message as a preview.
public struct ThreadSummary: Sendable, Equatable, Hashable {
    public var id: String
    public var createdAt: String
    public var name: String?
    public var userIdentifier: String?
    public var tags: [String]?
    /// The start of the latest user or assistant message, at most `DataLayer.previewLength` characters.
    public var preview: String?
    /// User and assistant messages in the thread.
    public var messageCount: Int
    /// When its latest step was written (its creation before any), which orders the list as Chainlit's sidebar.
    public var activityAt: String
    /// Answers given Chainlit's thumbs up (feedback value 1) and down (value 0).
    public var ratedUp: Int
    public var ratedDown: Int

    public init(id: String, createdAt: String, name: String?, userIdentifier: String?, tags: [String]?,
                preview: String?, messageCount: Int = 0, activityAt: String? = nil,
                ratedUp: Int = 0, ratedDown: Int = 0) {
        self.id = id
        self.createdAt = createdAt
        self.name = name
        self.userIdentifier = userIdentifier
        self.tags = tags
        self.preview = preview
        self.messageCount = messageCount
        self.activityAt = activityAt ?? createdAt
        self.ratedUp = ratedUp
        self.ratedDown = ratedDown
    }
}
