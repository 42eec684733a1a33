import ParleyCore

/// One parameterised statement, kept as a value so several can be sent together.
struct SQLStatement {
    let sql: String
    let parameters: [SQLValue]

    init(_ sql: String, _ parameters: [SQLValue] = []) {
        self.sql = sql
        self.parameters = parameters
    }
}
