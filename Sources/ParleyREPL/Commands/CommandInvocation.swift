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
        let split = Self.words(of: argumentText)
        arguments = split.words
        quotingError = split.openQuote.map { quote in
            ParleyError(.usage, "the argument opened with \(quote) is never closed",
                        hint: "close the quote, or put a backslash before it to mean the character itself")
        }
    }

    /// The words of `text`, and the quote left open at its end, if any (Tab completion closes it).
    static func words(of text: String) -> (words: [String], openQuote: Character?) {
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
        return (words, quote)
    }

    /// `text` as it must be typed to be read back as one word: inside double quotes a quote or backslash takes a
    /// backslash; inside single quotes, where nothing escapes, a quote closes them and opens them again; elsewhere
    /// white space, quotes and backslashes take one.
    static func escaped(_ text: String, inQuote quote: Character?) -> String {
        var result = ""
        for character in text {
            switch quote {
            case "\"" where character == "\"" || character == "\\":
                result.append("\\")
            case "'" where character == "'":
                result += "'\\'"
            case nil where character.isWhitespace || character == "\"" || character == "'" || character == "\\":
                result.append("\\")
            default:
                break
            }
            result.append(character)
        }
        return result
    }
}
