import ParleyCore

/// `/model [name]`: shows or changes the model the next message goes to.
public struct ModelCommand: Command {
    public let spec = CommandSpec(
        name: "model",
        summary: "Show or change the model",
        usage: "/model [name]",
        discussion: "With no name, shows the provider and model in use. With a name, the next message goes to "
            + "that model of the same provider. Tab completes the names /provider refresh listed."
    )

    public init() {}

    public func completions(for request: CompletionRequest, context: CommandContext) -> [String] {
        request.previousWords.isEmpty ? context.models.all : []
    }

    @MainActor
    public func run(_ invocation: CommandInvocation, context: CommandContext) async throws -> CommandOutcome {
        let chat = try context.requireChat()
        switch invocation.arguments.count {
        case 0:
            let settings = await chat.settings
            let model = settings.model.isEmpty ? "(none chosen)" : settings.model
            context.terminal.print("\(await chat.providerName): \(model)")
        case 1:
            let model = invocation.arguments[0]
            await chat.update { $0.model = model }
            context.terminal.print("Model: \(model)")
        default:
            throw ParleyError(.usage, "/model takes one model name", hint: "usage: \(spec.usage)")
        }
        return .continue
    }
}
