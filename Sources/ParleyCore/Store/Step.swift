/// One message or action in a thread, with Chainlit's columns; nil fields are left as stored on update.
public struct Step: Sendable, Equatable, Hashable, Codable {
    public var id: String
    public var threadId: String
    public var parentId: String?
    public var name: String
    public var type: StepType
    public var streaming: Bool
    public var waitForAnswer: Bool?
    public var isError: Bool?
    public var metadata: [String: JSONValue]
    public var tags: [String]?
    public var input: String?
    public var output: String?
    public var createdAt: String?
    public var start: String?
    public var end: String?
    /// Provider, model, token usage, latency and finish reason of an answer.
    public var generation: JSONValue?
    /// Chainlit's lowercased text ("json", "true", "false"); the web app shows input only when set.
    public var showInput: String?
    public var language: String?
    public var defaultOpen: Bool?
    public var autoCollapse: Bool?
    /// Read only: the feedback whose forId is this step.
    public var feedback: Feedback?

    public init(id: String, threadId: String, parentId: String? = nil, name: String, type: StepType,
                streaming: Bool = false, waitForAnswer: Bool? = nil, isError: Bool? = nil,
                metadata: [String: JSONValue] = [:], tags: [String]? = nil, input: String? = nil,
                output: String? = nil, createdAt: String? = nil, start: String? = nil, end: String? = nil,
                generation: JSONValue? = nil, showInput: String? = nil, language: String? = nil,
                defaultOpen: Bool? = nil, autoCollapse: Bool? = nil, feedback: Feedback? = nil) {
        self.id = id
        self.threadId = threadId
        self.parentId = parentId
        self.name = name
        self.type = type
        self.streaming = streaming
        self.waitForAnswer = waitForAnswer
        self.isError = isError
        self.metadata = metadata
        self.tags = tags
        self.input = input
        self.output = output
        self.createdAt = createdAt
        self.start = start
        self.end = end
        self.generation = generation
        self.showInput = showInput
        self.language = language
        self.defaultOpen = defaultOpen
        self.autoCollapse = autoCollapse
        self.feedback = feedback
    }
}
