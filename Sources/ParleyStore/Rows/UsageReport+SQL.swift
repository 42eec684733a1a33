import ParleyCore

extension UsageReport {
    /// `rows`: one row of chats and messages; `details`: day, model, answers, input and output tokens.
    init(rows: [SQLRow], details: [SQLRow]) {
        self.init(chats: rows.first?.int(0) ?? 0, messages: rows.first?.int(1) ?? 0, rows: details.map {
            Row(day: $0.text(0) ?? "", model: $0.text(1) ?? "", answers: $0.int(2) ?? 0,
                inputTokens: $0.int(3) ?? 0, outputTokens: $0.int(4) ?? 0)
        })
    }
}
