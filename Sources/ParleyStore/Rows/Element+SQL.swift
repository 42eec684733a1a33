import ParleyCore

extension Element {
    /// Columns: id, threadId, forId, type, name, url, chainlitKey, display, objectKey, size, page, language,
    /// mime, props, and optionally the attachment bytes.
    init(row: SQLRow) {
        self.init(id: row.text(0) ?? "", threadId: row.text(1), forId: row.text(2), type: row.text(3),
                  name: row.text(4) ?? "", url: row.text(5), chainlitKey: row.text(6), display: row.text(7),
                  objectKey: row.text(8), size: row.text(9), page: row.int(10), language: row.text(11),
                  mime: row.text(12), props: row.json(13)?.objectValue, bytes: row.bytes(14))
    }

    var parameters: [SQLValue] {
        [
            .text(id), .text(threadId), .text(forId), .text(type), .text(name), .text(url), .text(chainlitKey),
            .text(display), .text(objectKey), .text(size), .int(page), .text(language), .text(mime),
            .text(props.map { JSONValue.object($0).jsonText }),
        ]
    }
}
