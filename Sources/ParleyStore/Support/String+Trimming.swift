extension String {
    /// Without leading and trailing spaces and newlines, as libpq ends its messages with one.
    func trimmingWhitespace() -> String {
        let characters = drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()
        return String(characters)
    }
}
