/// A small terminal model: enough of the VT100/xterm control sequences libedit sends to know what a person
/// would see on the line after it redraws (cursor moves, erases, inserts).
struct VirtualScreen {
    private(set) var lines: [[Character]] = [[]]
    private var row = 0
    private var column = 0

    /// The line the cursor is on, trailing blanks removed.
    var currentLine: String {
        String(lines[row]).replacingTrailingSpaces()
    }

    var text: String {
        lines.map { String($0).replacingTrailingSpaces() }.joined(separator: "\n")
    }

    mutating func feed(_ output: String) {
        var characters = output[...]
        while let character = characters.popFirst() {
            switch character {
            case "\r": column = 0
            case "\n", "\r\n":
                if character == "\r\n" { column = 0 }
                row += 1
                if row == lines.count { lines.append([]) }
            case "\u{8}": column = max(0, column - 1)
            case "\u{7}": break
            case "\u{1B}": parseEscape(&characters)
            default: put(character)
            }
        }
    }

    private mutating func put(_ character: Character) {
        while lines[row].count < column { lines[row].append(" ") }
        if column < lines[row].count {
            lines[row][column] = character
        } else {
            lines[row].append(character)
        }
        column += 1
    }

    private mutating func parseEscape(_ characters: inout Substring) {
        guard characters.first == "[" else {
            _ = characters.popFirst()
            return
        }
        characters.removeFirst()
        var parameters = ""
        while let next = characters.first, next.isNumber || next == ";" || next == "?" {
            parameters.append(next)
            characters.removeFirst()
        }
        guard let command = characters.popFirst() else { return }
        let numbers = parameters.split(separator: ";").compactMap { Int($0.filter(\.isNumber)) }
        let count = max(1, numbers.first ?? 1)
        switch command {
        case "G": column = count - 1
        case "C": column += count
        case "D": column = max(0, column - count)
        case "A": row = max(0, row - count)
        case "B":
            row += count
            while lines.count <= row { lines.append([]) }
        case "K":
            if column < lines[row].count { lines[row].removeSubrange(column...) }
        case "J":
            if column < lines[row].count { lines[row].removeSubrange(column...) }
            lines.removeSubrange((row + 1)...)
        case "P":
            let end = min(lines[row].count, column + count)
            if column < end { lines[row].removeSubrange(column..<end) }
        case "@":
            if column <= lines[row].count {
                lines[row].insert(contentsOf: repeatElement(" ", count: count), at: column)
            }
        case "H":
            row = max(0, (numbers.first ?? 1) - 1)
            column = max(0, (numbers.count > 1 ? numbers[1] : 1) - 1)
            while lines.count <= row { lines.append([]) }
        default:
            break  // colours, modes such as bracketed paste
        }
    }
}

private extension String {
    func replacingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
