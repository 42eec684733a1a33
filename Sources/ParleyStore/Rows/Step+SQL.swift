import ParleyCore

extension Step {
    /// Both stores select a step's columns in this order, followed by its feedback's id, value and comment.
    init(row: SQLRow) {
        self.init(
            id: row.text(0) ?? "", threadId: row.text(1) ?? "", parentId: row.text(2), name: row.text(3) ?? "",
            type: StepType(rawValue: row.text(4) ?? "undefined"), streaming: row.bool(5) ?? false,
            waitForAnswer: row.bool(6), isError: row.bool(7), metadata: row.object(8), tags: row.strings(9),
            input: row.text(10), output: row.text(11), createdAt: row.text(12), start: row.text(13),
            end: row.text(14), generation: row.json(15), showInput: row.text(16), language: row.text(17),
            defaultOpen: row.bool(18), autoCollapse: row.bool(19))
        if let feedbackId = row.text(20), let value = row.int(21) {
            feedback = Feedback(id: feedbackId, forId: id, threadId: threadId, value: value, comment: row.text(22))
        }
    }

    /// The 20 column values in select order; tags travel as JSON text in both stores.
    var parameters: [SQLValue] {
        [
            .text(id), .text(threadId), .text(parentId), .text(name), .text(type.rawValue), .bool(streaming),
            .bool(waitForAnswer), .bool(isError), .text(JSONValue.object(metadata).jsonText),
            .text(tags.map { JSONValue.array($0.map(JSONValue.string)).jsonText }), .text(input), .text(output),
            .text(createdAt), .text(start), .text(end), .text(generation?.jsonText), .text(showInput),
            .text(language), .bool(defaultOpen), .bool(autoCollapse),
        ]
    }
}
