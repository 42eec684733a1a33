import ParleyCore

/// Where a page of threads ends: the last thread's latest activity and id, so a deleted thread breaks no cursor.
struct ThreadCursor: Equatable {
    var activityAt: String
    var id: String

    init(activityAt: String, id: String) {
        self.activityAt = activityAt
        self.id = id
    }

    init(parsing text: String) throws(ParleyError) {
        guard let space = text.lastIndex(of: " ") else {
            throw ParleyError(.usage, "not a thread list cursor: \(text)", hint: "pass back a page's nextCursor")
        }
        activityAt = String(text[..<space])
        id = String(text[text.index(after: space)...])
    }

    var text: String { "\(activityAt) \(id)" }
}
