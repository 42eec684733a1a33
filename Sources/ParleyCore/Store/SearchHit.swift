/// A step whose text matched a search, with the matching words marked `[like this]`.
public struct SearchHit: Sendable, Equatable, Hashable {
    public var threadId: String
    public var threadName: String?
    public var stepId: String
    public var snippet: String

    public init(threadId: String, threadName: String?, stepId: String, snippet: String) {
        self.threadId = threadId
        self.threadName = threadName
        self.stepId = stepId
        self.snippet = snippet
    }
}
