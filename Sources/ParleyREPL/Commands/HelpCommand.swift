import ParleyCore

/// `/help [command]`: the list of commands, or one in full.
public struct HelpCommand: Command {
    public let spec = CommandSpec(
        name: "help",
        aliases: ["?"],
        summary: "List the commands, or explain one",
        usage: "/help [command]",
        discussion: "With no argument, lists every command with a one-line summary. With a command name "
            + "(with or without its slash), shows its usage, aliases and full description."
    )

    public init() {}

    /// The widest usage the table aligns summaries after.
    static let usageColumn = 28

    public func completions(for request: CompletionRequest, context: CommandContext) -> [String] {
        // A name typed with its slash (/help /mo) completes with it.
        guard request.previousWords.isEmpty else { return [] }
        return context.registry.allNames.map { request.word.hasPrefix("/") ? "/" + $0 : $0 }
    }

    @MainActor
    public func run(_ invocation: CommandInvocation, context: CommandContext) async throws -> CommandOutcome {
        let terminal = context.terminal
        let bold = { Style.bold.apply($0, enabled: terminal.colorsOutput) }
        switch invocation.arguments.count {
        case 0:
            let rows = context.registry.commands.map { ($0.spec.usage, $0.spec.summary) }
            // Usages are aligned up to a column; a longer one (/provider's) puts its summary on the next line, so
            // the table fits an 80-column terminal.
            let width = min(rows.map(\.0.count).max() ?? 0, Self.usageColumn) + 2
            let total = min(terminal.width, 100)
            let column = String(repeating: " ", count: 2 + width)
            var text = bold("Commands") + "\n"
            for (usage, summary) in rows {
                let described = wrap(summary, width: max(20, total - column.count), indent: column)
                if usage.count > Self.usageColumn {
                    text += wrap(usage, width: total - 2, indent: "  ") + "\n" + described + "\n"
                } else {
                    text += "  \(usage.padding(toLength: width))" + described.dropFirst(column.count) + "\n"
                }
            }
            text += "\n" + wrap(Self.messageHelp, width: min(terminal.width, 100), indent: "") + "\n"
            terminal.output.write(text)
        case 1:
            var name = invocation.arguments[0]
            if name.hasPrefix("/") { name.removeFirst() }
            let command = try context.registry.resolve(CommandInvocation(parsing: "/" + name))
            let spec = command.spec
            var text = bold(spec.usage) + "\n  \(spec.summary)\n"
            if !spec.aliases.isEmpty {
                text += "  Also: " + spec.aliases.map { "/" + $0 }.joined(separator: ", ") + "\n"
            }
            if !spec.discussion.isEmpty {
                text += "\n" + wrap(spec.discussion, width: min(terminal.width, 100) - 2, indent: "  ") + "\n"
            }
            terminal.output.write(text)
        default:
            throw ParleyError(.usage, "/help takes at most one command name", hint: "usage: \(spec.usage)")
        }
        return .continue
    }

    static let messageHelp = """
        Any other line is a message to the model. A line of \"\"\" starts a multi-line message and the next \
        \"\"\" line ends it; start a line with // to send text that begins with /. Tab completes, Ctrl-C \
        clears the line or stops an answer, Ctrl-D ends the chat. See man parley for everything.
        """

    private func wrap(_ text: String, width: Int, indent: String) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(indent + line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { lines.append(indent + line) }
        return lines.joined(separator: "\n")
    }
}
