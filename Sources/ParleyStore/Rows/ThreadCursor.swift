import ParleyCore

/// Where a page of threads ends: the last thread's createdAt and id, so a deleted thread breaks no cursor.
struct ThreadCursor: Equatable {
    var createdAt: String
    var id: String

    init(createdAt: String, id: String) {
        self.createdAt = createdAt
        self.id = id
    }

    init(parsing text: String) throws(ParleyError) {
        guard let space = text.lastIndex(of: " ") else {
            throw ParleyError(.usage, "not a thread list cursor: \(text)", hint: "pass back a page's nextCursor")
        }
        createdAt = String(text[..<space])
        id = String(text[text.index(after: space)...])
    }

    var text: String { "\(createdAt) \(id)" }
}
