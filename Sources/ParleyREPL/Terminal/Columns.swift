/// Lays words out in columns across the terminal, as shells list completions.
enum Columns {
    static func format(_ words: [String], width: Int) -> String {
        guard let longest = words.map(\.count).max() else { return "" }
        let columnWidth = longest + 2
        let perRow = max(1, width / columnWidth)
        let rows = (words.count + perRow - 1) / perRow
        var lines: [String] = []
        for row in 0..<rows {
            var line = ""
            // Down the columns first, so the list reads in order like ls.
            for column in 0..<perRow {
                let index = column * rows + row
                guard index < words.count else { break }
                let word = words[index]
                line += index + rows < words.count ? word.padding(toLength: columnWidth) : word
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// The string with spaces added up to `length` characters.
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
