import ParleyCore

/// `/rename <name>`: renames the current chat, in parley and in Chainlit's sidebar alike.
public struct RenameCommand: Command {
    public let spec = CommandSpec(
        name: "rename",
        summary: "Rename the current chat",
        usage: "/rename <name>",
        discussion: "The rest of the line becomes the chat's name, as /history and Chainlit's sidebar show it.",
        takesText: true
    )

    public init() {}

    @MainActor
    public func run(_ invocation: CommandInvocation, context: CommandContext) async throws -> CommandOutcome {
        let name = invocation.argumentText
        guard !name.isEmpty else { throw ParleyError(.usage, "/rename needs a name", hint: "usage: \(spec.usage)") }
        try await context.requireChat().rename(String(name.prefix(255)))
        context.terminal.print("Renamed to \(name.prefix(255)).")
        return .continue
    }
}
