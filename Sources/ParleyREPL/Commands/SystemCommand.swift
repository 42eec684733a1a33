import ParleyCore

/// `/system [prompt | off]`: shows, sets or clears the system prompt.
public struct SystemCommand: Command {
    public let spec = CommandSpec(
        name: "system",
        summary: "Show, set or clear the system prompt",
        usage: "/system [prompt | off]",
        discussion: "With no argument, shows the system prompt. With text, the following messages are sent with "
            + "it (the whole rest of the line, quotes included). /system off removes it.",
        takesText: true
    )

    public init() {}

    @MainActor
    public func run(_ invocation: CommandInvocation, context: CommandContext) async throws -> CommandOutcome {
        let chat = try context.requireChat()
        let text = invocation.argumentText
        switch text {
        case "":
            let prompt = await chat.settings.systemPrompt
            context.terminal.print(prompt ?? "No system prompt.")
        case "off":
            await chat.update { $0.systemPrompt = nil }
            context.terminal.print("System prompt removed.")
        default:
            await chat.update { $0.systemPrompt = text }
            context.terminal.print("System prompt set.")
        }
        return .continue
    }
}
