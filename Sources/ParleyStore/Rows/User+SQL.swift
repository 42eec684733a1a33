import ParleyCore

extension User {
    /// Columns: id, identifier, metadata, createdAt.
    init(row: SQLRow) {
        self.init(id: row.text(0) ?? "", identifier: row.text(1) ?? "", metadata: row.object(2),
                  createdAt: row.text(3) ?? "")
    }
}
