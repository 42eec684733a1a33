import Foundation

/// The steps of one question and answer in the shape Chainlit's web app draws and resumes:
/// user_message → run "on_message" → assistant_message, with feedback on the run step.
public struct ChainlitExchange: Sendable {
    public let threadId: String
    public let userStep: Step
    public let runStep: Step
    public let assistantName: String

    /// Creates the user and run steps now, so both are earlier than any answer.
    public init(threadId: String, userIdentifier: String, text: String, assistantName: String = "Assistant") {
        self.threadId = threadId
        self.assistantName = assistantName
        let asked = Timestamp.now()
        userStep = Step(
            id: Self.newID(), threadId: threadId, name: userIdentifier, type: .userMessage, streaming: false,
            waitForAnswer: false, isError: false, output: text, createdAt: asked, start: asked, end: asked,
            generation: .object([:]))
        let started = Timestamp.now()
        runStep = Step(
            id: Self.newID(), threadId: threadId, parentId: userStep.id, name: "on_message", type: .run,
            streaming: false, isError: false, input: text, output: "", createdAt: started, start: started,
            showInput: "json", defaultOpen: false, autoCollapse: false)
    }

    private init(userStep: Step, runStep: Step, assistantName: String) {
        threadId = userStep.threadId
        self.userStep = userStep
        self.runStep = runStep
        self.assistantName = assistantName
    }

    /// A thread's latest exchange that has its run step, with the id of its answer in use (nil when none came),
    /// so feedback and a retry reach it after a resume. Works on threads Chainlit wrote too.
    public static func latest(in steps: [Step]) -> (exchange: ChainlitExchange, answerId: String?)? {
        let ordered = steps.sorted { ($0.createdAt ?? "") < ($1.createdAt ?? "") }
        guard let userStep = ordered.last(where: { $0.type == .userMessage }),
              let runStep = ordered.first(where: { $0.type == .run && $0.parentId == userStep.id })
        else { return nil }
        let replaced = Conversation.replacedAnswers(in: steps)
        let answer = ordered.last { step in
            step.type == .assistantMessage && step.parentId == runStep.id && !replaced.contains(step.id)
        }
        let name = answer?.name ?? "Assistant"
        return (ChainlitExchange(userStep: userStep, runStep: runStep, assistantName: name), answer?.id)
    }

    /// The answer under the run step; call again with the same id as it streams (upserts).
    public func assistantStep(id: String, output: String, streaming: Bool, createdAt: String,
                              generation: [String: JSONValue] = [:], isError: Bool = false) -> Step {
        Step(id: id, threadId: threadId, parentId: runStep.id, name: assistantName, type: .assistantMessage,
             streaming: streaming, waitForAnswer: false, isError: isError, output: output, createdAt: createdAt,
             start: createdAt, end: streaming ? nil : Timestamp.now(), generation: .object(generation))
    }

    /// The run step closed when the answer is complete.
    public func finishedRunStep() -> Step {
        var step = runStep
        step.end = Timestamp.now()
        return step
    }

    /// A thumbs up (1) or down (0), stored against the run step as Chainlit's web app does.
    public func feedback(value: Int, comment: String? = nil, id: String = newID()) -> Feedback {
        Feedback(id: id, forId: runStep.id, threadId: threadId, value: value, comment: comment)
    }

    /// A system message recording the prompt the following messages are sent with; an empty one records that the
    /// prompt was removed.
    public static func systemStep(threadId: String, prompt: String?) -> Step {
        let now = Timestamp.now()
        return Step(id: newID(), threadId: threadId, name: "System", type: .systemMessage, streaming: false,
                    waitForAnswer: false, isError: false, output: prompt ?? "", createdAt: now, start: now, end: now,
                    generation: .object([:]))
    }

    /// Lowercase UUID text, as PostgreSQL returns and Chainlit writes.
    public static func newID() -> String {
        UUID().uuidString.lowercased()
    }
}
