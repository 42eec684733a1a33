/// Edits one top-level setting of a YAML configuration file as text, so everything else in it (comments, order,
/// quoting) stays as the person wrote it; a YAML library would write the whole file anew without its comments.
enum ConfigurationText {
    /// `text` with the top-level `key` and its indented block replaced by `replacement` (whole lines, ending in a
    /// newline), or appended when the file lacks the key; nil where the file's layout is not the plain one this
    /// understands (a flow value over several lines, several documents), for the caller to rewrite it instead.
    static func replacing(key: String, with replacement: String, in text: String) -> String? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        if lines.contains(where: { $0.hasPrefix("---") || $0.hasPrefix("...") }) { return nil }
        let replaced = replacement.split(separator: "\n").map(String.init)
        guard let start = lines.firstIndex(where: { Self.isKey(key, $0) }) else {
            return (lines + replaced).joined(separator: "\n") + "\n"
        }
        // The block is the key's line and the indented (or `- `) lines after it; comments and blank lines
        // before the next setting belong to that setting.
        var end = start
        var index = start + 1
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") {
                index += 1
                continue
            }
            guard line.first == " " || line.first == "\t" || line.hasPrefix("-") else { break }
            end = index
            index += 1
        }
        let value = lines[start].drop { $0 != ":" }.dropFirst().drop { $0 == " " }
        if end == start, let opening = value.first, "[{".contains(opening),
           !value.contains(opening == "[" ? "]" : "}") {
            return nil
        }
        lines.replaceSubrange(start...end, with: replaced)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func isKey(_ key: String, _ line: String) -> Bool {
        guard line.hasPrefix(key) else { return false }
        return line.dropFirst(key.count).drop { $0 == " " }.first == ":"
    }
}
