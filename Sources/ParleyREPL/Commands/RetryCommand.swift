import ParleyCore

/// `/retry`: asks again for the last answer; the new one replaces it in the conversation.
public struct RetryCommand: Command {
    public let spec = CommandSpec(
        name: "retry",
        summary: "Ask again for the last answer",
        discussion: "Sends the last message again (with the current model and system prompt) and streams a new "
            + "answer. Both answers are kept in the chat; only the new one is part of the conversation from then on."
    )

    public init() {}

    @MainActor
    public func run(_ invocation: CommandInvocation, context: CommandContext) async throws -> CommandOutcome {
        guard invocation.arguments.isEmpty else { throw ParleyError(.usage, "/retry takes no arguments") }
        guard let presenter = context.presenter else { throw ParleyError(.general, "no chat is open") }
        try await presenter.retry()
        return .continue
    }
}
