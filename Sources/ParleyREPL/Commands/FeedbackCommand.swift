import ParleyCore

/// `/feedback up | down [comment]`: thumbs on the last answer, as Chainlit's web app stores them.
public struct FeedbackCommand: Command {
    public let spec = CommandSpec(
        name: "feedback",
        summary: "Rate the last answer: up or down, with an optional comment",
        usage: "/feedback up | down [comment]",
        discussion: "Stored as Chainlit's feedback (1 for up, 0 for down) on the exchange, so the web app "
            + "shows the same thumbs.",
        takesText: true
    )

    public init() {}

    public func completions(for request: CompletionRequest, context: CommandContext) -> [String] {
        request.previousWords.isEmpty ? ["up", "down"] : []
    }

    @MainActor
    public func run(_ invocation: CommandInvocation, context: CommandContext) async throws -> CommandOutcome {
        guard let verdict = invocation.arguments.first, verdict == "up" || verdict == "down" else {
            throw ParleyError(.usage, "/feedback needs up or down", hint: "usage: \(spec.usage)")
        }
        let comment = invocation.argumentText.dropFirst(verdict.count).trimmingCharacters(in: .whitespaces)
        _ = try await context.requireChat().feedback(up: verdict == "up", comment: comment.isEmpty ? nil : comment)
        context.terminal.print(Style.dim.apply("Thanks: feedback saved.", enabled: context.terminal.colorsOutput))
        return .continue
    }
}
