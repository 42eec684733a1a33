import ParleyCore

extension SearchHit {
    /// Columns: thread id, thread name, step id, snippet.
    init(row: SQLRow) {
        self.init(threadId: row.text(0) ?? "", threadName: row.text(1), stepId: row.text(2) ?? "",
                  snippet: row.text(3) ?? "")
    }
}
