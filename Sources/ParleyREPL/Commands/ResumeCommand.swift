import ParleyCore

/// `/resume <number | id prefix>`: takes up an earlier chat with its whole context.
public struct ResumeCommand: Command {
    /// How many of the last exchanges are shown on resume.
    public static let shownMessages = 6

    public let spec = CommandSpec(
        name: "resume",
        summary: "Take up an earlier chat with its full context",
        usage: "/resume <number | id>",
        discussion: "The number is one shown by the last /history; an id (or its first characters) works "
            + "anywhere, also for chats written by Chainlit's web app. The last messages are shown with the "
            + "feedback on each answer, and the next message goes to the model with the whole conversation."
    )

    public init() {}

    @MainActor
    public func run(_ invocation: CommandInvocation, context: CommandContext) async throws -> CommandOutcome {
        guard invocation.arguments.count == 1 else {
            throw ParleyError(.usage, "/resume takes one chat number or id", hint: "usage: \(spec.usage)")
        }
        let thread = try await Self.takeUp(invocation.arguments[0], context: context)
        Self.showRecap(of: thread, on: context.terminal)
        return .continue
    }

    /// Makes the chat a number or id names the current one.
    @MainActor
    static func takeUp(_ reference: String, context: CommandContext) async throws -> ChatThread {
        let chat = try context.requireChat()
        let id = try await ThreadReference.resolve(reference, context: context)
        return try await chat.resume(id: id)
    }

    /// ` [rated up: the comment]`.
    private static func mark(_ feedback: Feedback) -> String {
        let rating = feedback.value == 0 ? "rated down" : "rated up"
        let comment = feedback.comment.flatMap { $0.isEmpty ? nil : ": " + $0 } ?? ""
        return " [" + rating + comment + "]"
    }

    /// The chat's name and its last messages, each answer with its feedback.
    @MainActor
    static func showRecap(of thread: ChatThread, on terminal: Terminal) {
        let colors = terminal.colorsOutput
        terminal.print(Style.bold.apply("Resumed: \(thread.name ?? "(unnamed)")", enabled: colors))
        let messages = thread.steps.filter { $0.type == .userMessage || $0.type == .assistantMessage }
        let shown = messages.suffix(Self.shownMessages)
        if messages.count > shown.count {
            terminal.print(Style.dim.apply("… \(messages.count - shown.count) earlier messages", enabled: colors))
        }
        let replaced = Conversation.replacedAnswers(in: thread.steps)
        for step in shown {
            let who = step.type == .userMessage ? "you" : step.name
            let text = step.output ?? ""
            let marks = (step.metadata["interrupted"] == .bool(true) ? " [interrupted]" : "")
                + (step.isError == true ? " [failed]" : "")
                + (replaced.contains(step.id) ? " [retried]" : "")
                + (Conversation.feedback(on: step, in: thread.steps).map(Self.mark) ?? "")
            terminal.print(Style.dim.apply("\(who):", enabled: colors) + " " + text + marks)
        }
    }
}
