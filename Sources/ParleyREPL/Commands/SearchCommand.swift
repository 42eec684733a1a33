import ParleyCore

/// `/search <words>`: full-text search across all of the person's chats.
public struct SearchCommand: Command {
    public let spec = CommandSpec(
        name: "search",
        summary: "Search all your chats",
        usage: "/search <words>",
        discussion: "Finds the messages, in all your chats, that contain every word, best matches first, and "
            + "shows each with its chat and the words in context. /resume takes a chat up by the id shown.",
        takesText: true
    )

    public init() {}

    @MainActor
    public func run(_ invocation: CommandInvocation, context: CommandContext) async throws -> CommandOutcome {
        let words = invocation.argumentText
        guard !words.isEmpty else { throw ParleyError(.usage, "/search needs words", hint: "usage: \(spec.usage)") }
        let hits = try await context.requireChat().search(words)
        let terminal = context.terminal
        guard !hits.isEmpty else {
            terminal.print("Nothing matches \"\(words)\".")
            return .continue
        }
        for hit in hits {
            let chat = Style.bold.apply(hit.threadName ?? "(unnamed)", enabled: terminal.colorsOutput)
            let id = Style.dim.apply(String(hit.threadId.prefix(8)), enabled: terminal.colorsOutput)
            terminal.print("\(id)  \(chat)\n          \(highlight(hit.snippet, terminal: terminal))")
        }
        terminal.print(Style.dim.apply("/resume ID takes a chat up again.", enabled: terminal.colorsOutput))
        return .continue
    }

    /// Matches are shown bold on a terminal and `[like this]` in plain text.
    private func highlight(_ snippet: String, terminal: Terminal) -> String {
        let flat = snippet.split(whereSeparator: \.isNewline).joined(separator: " ")
        let (start, end) = terminal.colorsOutput ? ("\u{1B}[1m", "\u{1B}[0m") : ("[", "]")
        return flat.replacingOccurrences(of: SearchHit.matchStart, with: start)
            .replacingOccurrences(of: SearchHit.matchEnd, with: end)
    }
}
