/// Renders Markdown for the terminal as it streams in, one delta at a time.
///
/// Text is shown as soon as it arrives; only the first characters of a line wait until it is clear whether
/// they open a heading, a list item, a quote or a code fence. Code blocks are printed exactly as written, never
/// styled inside or wrapped; the terminal does all wrapping. With styling off the text passes through
/// untouched, so a pipe receives exactly what the model wrote. `_` is left alone: it is far more often part
/// of an identifier than emphasis.
public struct MarkdownRenderer {
    /// What the start of a line turned out to be.
    private enum LineStart: Equatable {
        case wait
        case fence
        case code
        case heading(rest: Substring)
        case quote(rest: Substring)
        case bullet(rest: Substring)
        case text
    }

    private enum Mode {
        case undecided
        case text
        case heading
        case code
    }

    private let styled: Bool
    private var pending = ""
    private var mode = Mode.undecided
    private var inCodeBlock = false
    private var bold = false
    private var italic = false
    private var inlineCode = false
    /// A `*` that may open `**`, emphasis, or be a plain star.
    private var heldStar = false

    public init(styled: Bool) {
        self.styled = styled
    }

    /// Renders a piece of the answer; returns what to write now.
    public mutating func render(_ delta: String) -> String {
        guard styled else { return delta }
        var output = ""
        for character in delta {
            output += character == "\n" ? endLine() : consume(character)
        }
        return output
    }

    /// Everything still held at the end of the answer, with every style closed.
    public mutating func finish() -> String {
        guard styled else { return "" }
        let output = closeLine()
        inCodeBlock = false
        return output
    }

    // MARK: - Lines

    private mutating func consume(_ character: Character) -> String {
        switch mode {
        case .code:
            return String(character)
        case .text, .heading:
            return inline(character)
        case .undecided:
            pending.append(character)
            let start = Self.classify(pending[...], inCodeBlock: inCodeBlock, complete: false)
            return start == .wait ? "" : begin(start)
        }
    }

    private mutating func endLine() -> String {
        closeLine() + "\n"
    }

    private mutating func closeLine() -> String {
        var output = ""
        if mode == .undecided, !pending.isEmpty {
            output += begin(Self.classify(pending[...], inCodeBlock: inCodeBlock, complete: true))
        }
        if heldStar {
            heldStar = false
            output += italic ? "" : "*"
        }
        if mode == .heading || bold || italic || inlineCode { output += Self.reset }
        bold = false
        italic = false
        inlineCode = false
        mode = .undecided
        return output
    }

    /// Renders the held start of a line once its kind is known.
    private mutating func begin(_ start: LineStart) -> String {
        let held = pending
        pending = ""
        let indent = String(held.prefix { $0 == " " })
        switch start {
        case .wait, .text:
            mode = .text
            return inlineAll(held[...])
        case .code:
            mode = .code
            return held
        case .fence:
            mode = .code
            inCodeBlock.toggle()
            let language = held.drop { $0 == " " }.dropFirst(3)
            let label = inCodeBlock ? "╭─ " + (language.isEmpty ? "code" : String(language)) : "╰─"
            return indent + Self.dim + label + Self.reset
        case .heading(let rest):
            mode = .heading
            return indent + Self.boldUnderline + inlineAll(rest)
        case .quote(let rest):
            mode = .text
            return indent + Self.dim + "│ " + Self.reset + inlineAll(rest)
        case .bullet(let rest):
            mode = .text
            return indent + "• " + inlineAll(rest)
        }
    }

    /// What a line beginning with `start` is; `.wait` while more characters could change the answer.
    private static func classify(_ start: Substring, inCodeBlock: Bool, complete: Bool) -> LineStart {
        let body = start.drop { $0 == " " }
        if body.hasPrefix("```") { return complete ? .fence : .wait }
        if !complete, "```".hasPrefix(body) { return .wait }
        if inCodeBlock { return .code }
        if body.isEmpty { return complete ? .text : .wait }
        let hashes = body.prefix { $0 == "#" }
        if !hashes.isEmpty, hashes.count <= 6 {
            let after = body.dropFirst(hashes.count)
            if after.isEmpty { return complete ? .text : .wait }
            return after.first == " " ? .heading(rest: after.dropFirst()) : .text
        }
        if body.first == ">" {
            if body.count == 1, !complete { return .wait }
            return .quote(rest: body.dropFirst().drop { $0 == " " })
        }
        if let marker = body.first, "-*+".contains(marker) {
            if body.count == 1 { return complete ? .text : .wait }
            return body.dropFirst().first == " " ? .bullet(rest: body.dropFirst(2)) : .text
        }
        return .text
    }

    // MARK: - Inline styles

    private mutating func inlineAll(_ text: Substring) -> String {
        var output = ""
        for character in text { output += inline(character) }
        return output
    }

    private mutating func inline(_ character: Character) -> String {
        if inlineCode {
            guard character == "`" else { return String(character) }
            inlineCode = false
            return Self.reset + openStyles()
        }
        if heldStar {
            heldStar = false
            if character == "*" {
                bold.toggle()
                return bold ? Self.bold : Self.reset + openStyles()
            }
            // A single star opens emphasis before a word and closes it after one; otherwise it is a star.
            if italic || !character.isWhitespace {
                italic.toggle()
                return (italic ? Self.italic : Self.reset + openStyles()) + inline(character)
            }
            return "*" + inline(character)
        }
        switch character {
        case "`":
            inlineCode = true
            return Self.cyan
        case "*":
            heldStar = true
            return ""
        default:
            return String(character)
        }
    }

    /// The styles still in force, to restore after a reset.
    private func openStyles() -> String {
        (mode == .heading ? Self.boldUnderline : "") + (bold ? Self.bold : "") + (italic ? Self.italic : "")
    }

    static let reset = "\u{1B}[0m"
    static let bold = "\u{1B}[1m"
    static let dim = "\u{1B}[2m"
    static let italic = "\u{1B}[3m"
    static let cyan = "\u{1B}[36m"
    static let boldUnderline = "\u{1B}[1;4m"
}
