import ParleyCore

/// `/quit`: ends the session as Ctrl-D does.
public struct QuitCommand: Command {
    public let spec = CommandSpec(
        name: "quit",
        aliases: ["exit"],
        summary: "End the chat (Ctrl-D does the same)",
        discussion: "Saves the line history and everything still being written, restores the terminal and exits. "
            + "In a script, the exit status says whether every line before it succeeded."
    )

    public init() {}

    @MainActor
    public func run(_ invocation: CommandInvocation, context: CommandContext) async throws -> CommandOutcome {
        guard invocation.arguments.isEmpty else {
            throw ParleyError(.usage, "/\(invocation.name) takes no arguments")
        }
        return .quit
    }
}
