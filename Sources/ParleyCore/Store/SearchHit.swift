/// A step whose text matched a search, with the matching words between `matchStart` and `matchEnd`.
public struct SearchHit: Sendable, Equatable, Hashable {
    /// Control characters no message holds (unlike brackets), so a match is never confused with the text.
    public static let matchStart = "\u{2}"
    public static let matchEnd = "\u{3}"

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
