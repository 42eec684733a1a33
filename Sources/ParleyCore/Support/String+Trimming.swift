extension String {
    /// Without leading and trailing whitespace and newlines. Indices into the string itself, not a view of
    /// reversed slices: building those generic types at run time cost a piped start 0.5 ms, before the store
    /// could begin to connect.
    public func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
