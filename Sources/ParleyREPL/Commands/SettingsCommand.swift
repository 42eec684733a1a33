import ParleyCore

/// `/settings`: everything that decides where messages go and where they are kept. Keys never appear.
public struct SettingsCommand: Command {
    public let spec = CommandSpec(
        name: "settings",
        summary: "Show the provider, model, user, database, chat and files in use",
        discussion: "Shows the provider and model, the system prompt, the user, the database (its password "
            + "redacted), the current chat, the writes waiting in the local outbox, and the configuration, "
            + "history and data files, and the libcurl that was loaded. API keys are never shown."
    )

    public init() {}

    @MainActor
    public func run(_ invocation: CommandInvocation, context: CommandContext) async throws -> CommandOutcome {
        guard invocation.arguments.isEmpty else { throw ParleyError(.usage, "/settings takes no arguments") }
        let chat = try context.requireChat()
        let settings = await chat.settings
        let thread = await chat.thread
        var rows: [(String, String)] = [
            ("provider", await chat.providerName),
            ("model", settings.model.isEmpty ? "(none chosen)" : settings.model),
            ("system prompt", settings.systemPrompt ?? "(none)"),
            ("user", chat.userIdentifier),
            ("chat", thread.map { "\($0.name ?? "(unnamed)") (\($0.id))" } ?? "(new: starts at the next message)"),
        ]
        rows += await context.details()
        let width = (rows.map(\.0.count).max() ?? 0) + 2
        let terminal = context.terminal
        for (label, value) in rows {
            terminal.print(Style.dim.apply((label + ":").padding(toLength: width), enabled: terminal.colorsOutput) + value)
        }
        return .continue
    }
}
