import ParleyCore

extension ThreadPage {
    /// Builds a page from `pageSize + 1` rows: the extra row only says that more follow.
    init(rows: [SQLRow], pageSize: Int) {
        let summaries = rows.prefix(max(pageSize, 1)).map(ThreadSummary.init(row:))
        let more = rows.count > max(pageSize, 1)
        let last = more ? summaries.last : nil
        self.init(threads: Array(summaries),
                  nextCursor: last.map { ThreadCursor(activityAt: $0.activityAt, id: $0.id).text })
    }
}
