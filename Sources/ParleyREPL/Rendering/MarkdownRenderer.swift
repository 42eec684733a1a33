/// Renders Markdown for the terminal as it streams in, one delta at a time.
///
/// Text is shown as soon as it arrives; only the first characters of a line wait until it is clear whether
/// they open a heading, a list item, a quote, a rule or a code fence, and the text after a star or backtick
/// until the span closes (or the line ends, when it stays as written). Code blocks are printed exactly as
/// written, never styled inside or wrapped; the terminal does all wrapping. With styling off the text passes
/// through untouched, so a pipe receives exactly what the model wrote. `_` is left alone: it is far more often
/// part of an identifier than emphasis.
public struct MarkdownRenderer {
    /// What the start of a line turned out to be.
    private enum LineStart: Equatable {
        case wait
        case fence(marker: Character)
        case code
        case rule
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
    /// The fence character (` or ~) of the open code block; only the same one closes it.
    private var codeFence: Character?
    private var inCodeBlock: Bool { codeFence != nil }
    /// Text from a star or backtick on, until what it opens is decided.
    private var held: [Character] = []
    /// The longest span waited for; past it the opening marker is taken as plain text.
    private static let heldLimit = 4096

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
        codeFence = nil
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
            let start = Self.classify(pending[...], codeFence: codeFence, complete: false)
            return start == .wait ? "" : begin(start)
        }
    }

    private mutating func endLine() -> String {
        closeLine() + "\n"
    }

    private mutating func closeLine() -> String {
        var output = ""
        if mode == .undecided, !pending.isEmpty {
            output += begin(Self.classify(pending[...], codeFence: codeFence, complete: true))
        }
        output += resolveHeld(final: true)
        if mode == .heading {
            // A span that ended the line has just reset and restored the heading's style: its reset ends the line.
            if output.hasSuffix(Self.reset + Self.boldUnderline) {
                output.removeLast(Self.boldUnderline.count)
            } else {
                output += Self.reset
            }
        }
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
        case .fence(let marker):
            mode = .code
            codeFence = inCodeBlock ? nil : marker
            let language = held.drop { $0 == " " }.dropFirst(3).drop { $0 == marker }
            let label = inCodeBlock ? "╭─ " + (language.isEmpty ? "code" : String(language)) : "╰─"
            return indent + Self.dim + label + Self.reset
        case .rule:
            mode = .code
            return indent + Self.dim + String(repeating: "─", count: 20) + Self.reset
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
    private static func classify(_ start: Substring, codeFence: Character?, complete: Bool) -> LineStart {
        let body = start.drop { $0 == " " }
        for marker in codeFence.map({ [$0] }) ?? ["`", "~"] {
            let fence = String(repeating: marker, count: 3)
            if body.hasPrefix(fence) { return complete ? .fence(marker: marker) : .wait }
            if !complete, fence.hasPrefix(body) { return .wait }
        }
        if codeFence != nil { return .code }
        if body.isEmpty { return complete ? .text : .wait }
        // A rule: three or more of one of - * _ and nothing else but spaces.
        if let mark = body.first, "-*_".contains(mark), body.allSatisfy({ $0 == mark || $0 == " " }) {
            if !complete { return .wait }
            if body.filter({ $0 == mark }).count >= 3 { return .rule }
        }
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
        if held.isEmpty, character != "*", character != "`" { return String(character) }
        let previous = held.last
        held.append(character)
        // Only a marker, or the character after a star, can settle what the held text is: anything else waits
        // without scanning it again, so a long line after an open star costs no more than its length.
        guard character == "*" || character == "`" || previous == "*" || held.count > Self.heldLimit else {
            return ""
        }
        return resolveHeld(final: false)
    }

    /// Writes what the held text has decided to be; at the end of a line everything is decided.
    private mutating func resolveHeld(final: Bool) -> String {
        var output = ""
        let outer = mode == .heading ? Self.boldUnderline : ""
        while let first = held.first {
            guard first == "*" || first == "`" else {
                output.append(first)
                held.removeFirst()
                continue
            }
            var decision = InlineMarkdown.decide(held[...], final: final)
            if decision == .undecided, held.count > Self.heldLimit { decision = .literal(1) }
            switch decision {
            case .undecided:
                return output
            case .literal(let count):
                output += String(held.prefix(count))
                held.removeFirst(count)
            case .span(let count):
                output += InlineMarkdown.styled(held.prefix(count), outer: outer)
                held.removeFirst(count)
            }
        }
        return output
    }

    static let reset = InlineMarkdown.reset
    static let dim = "\u{1B}[2m"
    static let boldUnderline = "\u{1B}[1;4m"
}
