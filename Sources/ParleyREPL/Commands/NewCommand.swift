import ParleyCore

/// `/new`: starts a fresh chat; the current one stays saved.
public struct NewCommand: Command {
    public let spec = CommandSpec(
        name: "new",
        summary: "Start a new chat (the current one stays saved)",
        discussion: "The next message starts a new chat, named after that message. The chat you leave is kept "
            + "and can be found with /history and taken up again with /resume."
    )

    public init() {}

    @MainActor
    public func run(_ invocation: CommandInvocation, context: CommandContext) async throws -> CommandOutcome {
        guard invocation.arguments.isEmpty else { throw ParleyError(.usage, "/new takes no arguments") }
        try await context.requireChat().newChat()
        context.terminal.print(Style.dim.apply("New chat. /history lists the earlier ones.", enabled: context.terminal.colorsOutput))
        return .continue
    }
}
