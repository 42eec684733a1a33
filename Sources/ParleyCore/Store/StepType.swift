/// Chainlit's step types; unknown values read from a database are kept as they are.
public struct StepType: RawRepresentable, Sendable, Hashable, Codable {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public static let run = StepType(rawValue: "run")
    public static let tool = StepType(rawValue: "tool")
    public static let llm = StepType(rawValue: "llm")
    public static let undefined = StepType(rawValue: "undefined")
    public static let userMessage = StepType(rawValue: "user_message")
    public static let assistantMessage = StepType(rawValue: "assistant_message")
    public static let systemMessage = StepType(rawValue: "system_message")
}
