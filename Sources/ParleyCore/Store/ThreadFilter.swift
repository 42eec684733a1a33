/// Which of a user's threads to list; unlike Chainlit, feedback 0 is honoured.
public struct ThreadFilter: Sendable, Equatable {
    public var userId: String
    /// Words that must all occur in a step's input or output.
    public var search: String?
    /// Threads having a feedback with this value.
    public var feedback: Int?
    /// Threads whose id starts with this (lowercase) text.
    public var idPrefix: String?

    public init(userId: String, search: String? = nil, feedback: Int? = nil, idPrefix: String? = nil) {
        self.userId = userId
        // Blank words would match nothing in one store and fail in the other: treat them as no filter.
        self.search = search.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        self.feedback = feedback
        self.idPrefix = idPrefix?.lowercased()
    }
}
