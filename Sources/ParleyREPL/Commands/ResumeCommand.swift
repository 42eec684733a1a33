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
            + "anywhere, also for chats written by Chainlit's web app. The last messages are shown and the next "
            + "message goes to the model with the whole conversation."
    )

    public init() {}

    @MainActor
    public func run(_ invocation: CommandInvocation, context: CommandContext) async throws -> CommandOutcome {
        guard invocation.arguments.count == 1 else {
            throw ParleyError(.usage, "/resume takes one chat number or id", hint: "usage: \(spec.usage)")
        }
        let chat = try context.requireChat()
        let id = try await ThreadReference.resolve(invocation.arguments[0], context: context)
        let thread = try await chat.resume(id: id)
        let terminal = context.terminal
        terminal.print(Style.bold.apply("Resumed: \(thread.name ?? "(unnamed)")", enabled: terminal.colorsOutput))
        let messages = thread.steps.filter { $0.type == .userMessage || $0.type == .assistantMessage }
        let shown = messages.suffix(Self.shownMessages)
        if messages.count > shown.count {
            terminal.print(Style.dim.apply("… \(messages.count - shown.count) earlier messages", enabled: terminal.colorsOutput))
        }
        for step in shown {
            let who = step.type == .userMessage ? "you" : step.name
            let text = step.output ?? ""
            let interrupted = step.metadata["interrupted"] == .bool(true) ? " [interrupted]" : ""
            terminal.print(Style.dim.apply("\(who):", enabled: terminal.colorsOutput) + " " + text + interrupted)
        }
        return .continue
    }
}
