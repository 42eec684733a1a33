/// A person's totals for `/stats`: chats, messages, and answers with their tokens by day and model.
public struct UsageReport: Sendable, Equatable {
    /// One day's answers from one model.
    public struct Row: Sendable, Equatable {
        /// `2026-11-25` (UTC).
        public var day: String
        public var model: String
        public var answers: Int
        public var inputTokens: Int
        public var outputTokens: Int

        public init(day: String, model: String, answers: Int, inputTokens: Int, outputTokens: Int) {
            self.day = day
            self.model = model
            self.answers = answers
            self.inputTokens = inputTokens
            self.outputTokens = outputTokens
        }
    }

    public var chats: Int
    public var messages: Int
    /// Newest day first.
    public var rows: [Row]

    public init(chats: Int, messages: Int, rows: [Row]) {
        self.chats = chats
        self.messages = messages
        self.rows = rows
    }
}
