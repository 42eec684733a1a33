/// Emphasis and code spans within one line of Markdown, decided as CommonMark decides the cases models write: a
/// span is styled only once it closes on its line, so stars and backticks that never close stay as written
/// (`2**10`, `*.txt`, `char *argv`).
enum InlineMarkdown {
    /// What the text's first characters are.
    enum Decision: Equatable {
        /// Plain characters, as many as given.
        case literal(Int)
        /// A closed span of that many characters, markers included.
        case span(Int)
        /// Cannot be told before more of the line arrives.
        case undecided
    }

    /// Decides the construct at the start of `text`; with `final`, nothing more of the line will come.
    static func decide(_ text: ArraySlice<Character>, final: Bool) -> Decision {
        guard let first = text.first else { return .undecided }
        let start = text.startIndex
        if first == "`" {
            if let close = text.dropFirst().firstIndex(of: "`") { return .span(close + 1 - start) }
            return final ? .literal(1) : .undecided
        }
        guard first == "*" else { return .literal(1) }
        let run = text.prefix { $0 == "*" }.count
        guard start + run < text.endIndex else { return final ? .literal(run) : .undecided }
        // An opener comes before a word; a longer run, or one before a space, is plain stars.
        if run > 3 || text[start + run].isWhitespace { return .literal(run) }
        var index = start + run + 1
        while index < text.endIndex {
            switch text[index] {
            case "`":
                // A code span inside is skipped whole: stars in it close nothing.
                index = text[(index + 1)...].firstIndex(of: "`").map { $0 + 1 } ?? index + 1
            case "*":
                let closing = text[index...].prefix { $0 == "*" }.count
                if index + closing == text.endIndex, !final { return .undecided }
                if closing == run, !text[index - 1].isWhitespace { return .span(index + closing - start) }
                index += closing
            default:
                index += 1
            }
        }
        return final ? .literal(run) : .undecided
    }

    /// A whole line's inline text, rendered; `outer` is the escape sequence of the styles around it.
    static func render(_ text: ArraySlice<Character>, outer: String) -> String {
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character == "*" || character == "`" else {
                output.append(character)
                index += 1
                continue
            }
            switch decide(text[index...], final: true) {
            case .span(let count):
                output += styled(text[index..<(index + count)], outer: outer)
                index += count
            case .literal(let count):
                output += String(text[index..<(index + count)])
                index += count
            case .undecided:
                output.append(character)
                index += 1
            }
        }
        return output
    }

    /// A closed span with its markers replaced by styles.
    static func styled(_ span: ArraySlice<Character>, outer: String) -> String {
        if span.first == "`" {
            return cyan + String(span.dropFirst().dropLast()) + reset + outer
        }
        let run = span.prefix { $0 == "*" }.count
        let style = run == 1 ? italic : run == 2 ? bold : bold + italic
        let inner = span.dropFirst(run).dropLast(run)
        return style + render(inner, outer: outer + style) + reset + outer
    }

    static let reset = "\u{1B}[0m"
    static let bold = "\u{1B}[1m"
    static let italic = "\u{1B}[3m"
    static let cyan = "\u{1B}[36m"
}
