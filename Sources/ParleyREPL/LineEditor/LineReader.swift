/// One physical line of input and where it came from.
public struct InputLine: Equatable, Sendable {
    /// The text as it will be used (pasted blocks expanded).
    public var text: String
    /// The text as typed, with pasted blocks still as placeholders: a command is recognised from this.
    public var typed: String
    /// 1-based line number in a script; the count of lines read on a terminal.
    public var number: Int

    public init(text: String, typed: String? = nil, number: Int) {
        self.text = text
        self.typed = typed ?? text
        self.number = number
    }
}

/// What a line reader gives back.
public enum ReadResult: Equatable, Sendable {
    case line(InputLine)
    /// Ctrl-C at the prompt: the line was thrown away.
    case interrupted
    /// A termination signal arrived while waiting for input.
    case terminated
    /// End of input (Ctrl-D on an empty line, or the end of a script).
    case end
    /// A line that cannot be used, named by its number; reading can go on.
    case failure(lineNumber: Int, message: String)
    /// The input itself failed (a terminal that went away): nothing more can be read.
    case unreadable(message: String)
}

/// Reads lines: libedit on a terminal, a plain reader on a pipe.
@MainActor
public protocol LineReader: AnyObject {
    /// True when a person is typing (prompts, history and colours make sense).
    var isInteractive: Bool { get }
    func readLine(prompt: String) -> ReadResult
    /// Reads the answer to a question (Delete …? [y/N]), which, unlike a line of the chat, the history does not
    /// keep.
    func readAnswer(prompt: String) -> ReadResult
    /// Called once when the session ends: save what must be saved, restore the terminal.
    func close()
}
