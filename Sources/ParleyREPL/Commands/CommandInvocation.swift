import ParleyCore

/// A command line split into its name and arguments.
public struct CommandInvocation: Sendable, Equatable {
    /// The name as typed, without the slash.
    public var name: String
    /// Everything after the name, trimmed: for commands that take free text, such as a prompt.
    public var argumentText: String
    /// The arguments as words: whitespace separates, quotes at the start of a word group, a backslash escapes.
    /// A quote inside a word (`you're`) is the character itself.
    public var arguments: [String]
    /// A quote opened and never closed: an error for a command that reads words, nothing for one that reads the
    /// rest of the line as text (`CommandSpec.takesText`), which gets the line as typed.
    public var quotingError: ParleyError?

    /// Parses `/name args…`.
    public init(parsing line: String) {
        let body = line.hasPrefix("/") ? line.dropFirst() : line[...]
        let nameEnd = body.firstIndex(where: \.isWhitespace) ?? body.endIndex
        name = String(body[..<nameEnd])
        argumentText = String(body[nameEnd...]).trimmingWhitespace()
        (arguments, quotingError) = Self.words(of: argumentText)
    }

    static func words(of text: String) -> ([String], ParleyError?) {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            if character == "\\" && quote != "'" {
                escaped = true
                inWord = true
                continue
            }
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
                continue
            }
            if (character == "\"" || character == "'") && !inWord {
                quote = character
                inWord = true
            } else if character.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if escaped { current.append("\\") }
        if inWord { words.append(current) }
        guard let quote else { return (words, nil) }
        return (words, ParleyError(.usage, "the argument opened with \(quote) is never closed",
                                   hint: "close the quote, or put a backslash before it to mean the character itself"))
    }
}
