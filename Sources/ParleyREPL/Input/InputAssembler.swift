/// What the person submitted: a command line or a message, possibly of several lines.
public struct Submission: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case command
        case message
    }

    public var kind: Kind
    public var text: String
    /// The line it started on, for error messages in scripts.
    public var lineNumber: Int
}

/// Turns lines into submissions: a line of `"""` opens a block that the next `"""` line closes.
struct InputAssembler {
    static let blockDelimiter = "\"\"\""

    private var block: [String]?
    private var openedAt = 0

    /// True inside a `"""` block (the prompt shows it).
    var isOpen: Bool { block != nil }
    /// The line that opened the current block.
    var openingLine: Int { openedAt }

    /// Takes one line; gives a submission when one is complete.
    mutating func feed(_ line: InputLine) -> Submission? {
        let isDelimiter = line.typed.trimmingWhitespace() == Self.blockDelimiter
        if var lines = block {
            if isDelimiter {
                block = nil
                let text = lines.joined(separator: "\n")
                return text.allSatisfy(\.isWhitespace) ? nil : Submission(kind: .message, text: text, lineNumber: openedAt)
            }
            lines.append(line.text)
            block = lines
            return nil
        }
        if isDelimiter {
            block = []
            openedAt = line.number
            return nil
        }
        if line.text.allSatisfy(\.isWhitespace) { return nil }
        // A command is recognised from what was typed, so a pasted block that starts with "/" stays a message.
        if line.typed.hasPrefix("//") {
            return Submission(kind: .message, text: String(line.text.dropFirst()), lineNumber: line.number)
        }
        let kind: Submission.Kind = line.typed.hasPrefix("/") ? .command : .message
        return Submission(kind: kind, text: line.text, lineNumber: line.number)
    }

    /// Ends an open block as it stands (Ctrl-D inside a block sends what was typed).
    mutating func close() -> Submission? {
        guard let lines = block else { return nil }
        block = nil
        let text = lines.joined(separator: "\n")
        return text.allSatisfy(\.isWhitespace) ? nil : Submission(kind: .message, text: text, lineNumber: openedAt)
    }

    /// Throws away an open block (Ctrl-C).
    mutating func discard() {
        block = nil
    }
}
