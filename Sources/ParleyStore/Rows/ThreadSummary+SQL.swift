import ParleyCore

extension ThreadSummary {
    /// Columns: id, createdAt, name, userIdentifier, tags (JSON), preview, message count, latest activity,
    /// answers rated up, answers rated down.
    init(row: SQLRow) {
        self.init(id: row.text(0) ?? "", createdAt: row.text(1) ?? "", name: row.text(2),
                  userIdentifier: row.text(3), tags: row.strings(4), preview: row.text(5),
                  messageCount: row.int(6) ?? 0, activityAt: row.text(7),
                  ratedUp: row.int(8) ?? 0, ratedDown: row.int(9) ?? 0)
    }
}
