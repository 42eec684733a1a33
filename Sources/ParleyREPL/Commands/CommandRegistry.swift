import ParleyCore

/// The one list of slash commands: dispatch, `/help`, Tab completion and the man-page check all read it.
public struct CommandRegistry: Sendable {
    /// The commands every session has, in the order `/help` lists them.
    public static let builtIn: [any Command] = [
        HelpCommand(),
        NewCommand(),
        HistoryCommand(),
        ResumeCommand(),
        ModelCommand(),
        ProviderCommand(),
        ResetCommand(),
        SystemCommand(),
        AttachCommand(),
        RetryCommand(),
        FeedbackCommand(),
        SearchCommand(),
        StatsCommand(),
        RenameCommand(),
        DeleteCommand(),
        ExportCommand(),
        SettingsCommand(),
        QuitCommand(),
    ]

    public let commands: [any Command]

    public init(commands: [any Command] = CommandRegistry.builtIn) {
        self.commands = commands
    }

    /// The command called `name` (without slash), by its name or an alias.
    public func command(named name: String) -> (any Command)? {
        commands.first { $0.spec.name == name || $0.spec.aliases.contains(name) }
    }

    /// Every name and alias, without slashes.
    public var allNames: [String] {
        commands.flatMap { [$0.spec.name] + $0.spec.aliases }
    }

    /// Finds the command for a line, or explains why there is none.
    public func resolve(_ invocation: CommandInvocation) throws(ParleyError) -> any Command {
        if let command = command(named: invocation.name) { return command }
        if invocation.name.isEmpty {
            throw ParleyError(.usage, "a command name must follow the slash",
                              hint: "type /help for the commands; start a message with // to send a line beginning with /")
        }
        var hint = ""
        if let suggestion = suggestion(for: invocation.name) {
            hint = "did you mean /\(suggestion)? "
        }
        hint += "Type /help for the commands; start a message with // to send a line beginning with /."
        // A pasted wall of text after a slash must not become a wall of error.
        let shown = invocation.name.count > 40 ? invocation.name.prefix(40) + "…" : invocation.name[...]
        throw ParleyError(.usage, "unknown command /\(shown)", hint: hint)
    }

    /// The closest known name: one the typed name starts, or one within a couple of typos.
    func suggestion(for name: String) -> String? {
        guard name.count <= 40 else { return nil }
        let lowered = name.lowercased()
        if let prefixed = allNames.first(where: { $0.hasPrefix(lowered) }) { return prefixed }
        let limit = max(1, min(2, lowered.count / 3))
        let scored = allNames.map { ($0, EditDistance.between(lowered, $0)) }.filter { $0.1 <= limit }
        return scored.min { $0.1 < $1.1 }?.0
    }

    // MARK: - Completion

    /// What Tab offers for the text before the cursor.
    public func complete(_ before: String, context: CommandContext) -> Completion {
        guard before.hasPrefix("/"), !before.hasPrefix("//") else { return .none }
        guard let space = before.firstIndex(where: \.isWhitespace) else {
            let names = allNames.map { "/" + $0 }.filter { $0.hasPrefix(before) }
            return Completion(word: before, candidates: names)
        }
        let name = String(before[before.index(after: before.startIndex)..<space])
        guard let command = command(named: name) else { return .none }
        let rest = before[space...]
        let endsWithSpace = rest.last?.isWhitespace ?? true
        var (words, openQuote) = CommandInvocation.words(of: String(rest))
        // A space inside an open quote, or escaped, belongs to the word being typed.
        let inWord = openQuote != nil || rest.hasSuffix("\\ ")
        let word = endsWithSpace && !inWord ? "" : (words.popLast() ?? "")
        let request = CompletionRequest(previousWords: words, word: word)
        let candidates = command.completions(for: request, context: context).filter { $0.hasPrefix(word) }
        return Completion(word: word, candidates: candidates, openQuote: openQuote)
    }
}
