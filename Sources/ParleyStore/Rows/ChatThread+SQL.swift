import ParleyCore

extension ChatThread {
    /// Columns: id, createdAt, name, userId, userIdentifier, tags (JSON), metadata.
    init(row: SQLRow) {
        self.init(id: row.text(0) ?? "", createdAt: row.text(1) ?? "", name: row.text(2), userId: row.text(3),
                  userIdentifier: row.text(4), tags: row.strings(5), metadata: row.object(6))
    }

    var parameters: [SQLValue] {
        [
            .text(id), .text(createdAt), .text(name), .text(userId), .text(userIdentifier),
            .text(tags.map { JSONValue.array($0.map(JSONValue.string)).jsonText }),
            .text(JSONValue.object(metadata).jsonText),
        ]
    }
}
