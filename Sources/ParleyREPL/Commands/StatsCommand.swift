import ParleyCore

/// `/stats [days]`: chats, messages, and the answers' tokens by day and model.
public struct StatsCommand: Command {
    public static let defaultDays = 7

    public let spec = CommandSpec(
        name: "stats",
        summary: "Show your chats, messages and tokens by day and model",
        usage: "/stats [days]",
        discussion: "Counts your chats and messages, and for the last 7 days with answers (or days) the "
            + "answers, input tokens and output tokens of each model, newest day first."
    )

    public init() {}

    @MainActor
    public func run(_ invocation: CommandInvocation, context: CommandContext) async throws -> CommandOutcome {
        var days = Self.defaultDays
        if let argument = invocation.arguments.first {
            guard invocation.arguments.count == 1, let number = Int(argument), number > 0 else {
                throw ParleyError(.usage, "/stats takes a positive number of days", hint: "usage: \(spec.usage)")
            }
            days = min(number, 3650)
        }
        let report = try await context.requireChat().usage(days: days)
        let terminal = context.terminal
        terminal.print("\(report.chats) chats, \(report.messages) messages")
        guard !report.rows.isEmpty else { return .continue }
        let label = { (model: String) in model.isEmpty ? "(unknown)" : model }
        let width = max(5, (report.rows.map { label($0.model).count }.max() ?? 0)) + 2
        terminal.print(Style.dim.apply("day         " + "model".padding(toLength: width)
                                       + "answers    input   output", enabled: terminal.colorsOutput))
        for row in report.rows {
            let model = label(row.model).padding(toLength: width)
            terminal.print("\(row.day)  \(model)" + Self.right(row.answers, 7) + Self.right(row.inputTokens, 9)
                           + Self.right(row.outputTokens, 9))
        }
        return .continue
    }

    private static func right(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
