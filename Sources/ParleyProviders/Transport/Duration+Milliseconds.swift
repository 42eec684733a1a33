extension Duration {
    /// Whole milliseconds, the unit libcurl's timeouts take.
    var wholeMilliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
