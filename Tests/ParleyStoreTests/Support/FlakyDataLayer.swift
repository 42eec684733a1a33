import ParleyCore
import Synchronization

/// A real store behind a switch that makes it unreachable, to cut the database off mid-run.
final class FlakyDataLayer: DataLayer {
    let base: any DataLayer
    private let down = Mutex(false)
    private let bursts = Mutex<[Int]>([])

    /// The most changes that reached the store in one `apply`.
    var largestBurst: Int {
        bursts.withLock { $0.max() ?? 0 }
    }

    init(_ base: any DataLayer) {
        self.base = base
    }

    func setDown(_ value: Bool) {
        down.withLock { $0 = value }
    }

    private func check() throws(ParleyError) {
        if down.withLock({ $0 }) {
            throw ParleyError(.database, "could not reach the test database (switched off)")
        }
    }

    func user(identifier: String) async throws(ParleyError) -> User? {
        try check()
        return try await base.user(identifier: identifier)
    }

    func createUser(_ user: User) async throws(ParleyError) -> User {
        try check()
        return try await base.createUser(user)
    }

    func createThread(_ thread: ChatThread) async throws(ParleyError) {
        try check()
        try await base.createThread(thread)
    }

    func updateThread(id: String, name: String?, tags: [String]?, metadata: [String: JSONValue]?)
        async throws(ParleyError) {
        try check()
        try await base.updateThread(id: id, name: name, tags: tags, metadata: metadata)
    }

    func deleteThread(id: String) async throws(ParleyError) {
        try check()
        try await base.deleteThread(id: id)
    }

    func thread(id: String) async throws(ParleyError) -> ChatThread? {
        try check()
        return try await base.thread(id: id)
    }

    func threads(_ filter: ThreadFilter, after cursor: String?, pageSize: Int) async throws(ParleyError)
        -> ThreadPage {
        try check()
        return try await base.threads(filter, after: cursor, pageSize: pageSize)
    }

    func upsertStep(_ step: Step) async throws(ParleyError) {
        try check()
        try await base.upsertStep(step)
    }

    func deleteStep(id: String) async throws(ParleyError) {
        try check()
        try await base.deleteStep(id: id)
    }

    func createElement(_ element: Element) async throws(ParleyError) {
        try check()
        try await base.createElement(element)
    }

    func element(threadId: String, id: String) async throws(ParleyError) -> Element? {
        try check()
        return try await base.element(threadId: threadId, id: id)
    }

    func deleteElement(id: String) async throws(ParleyError) {
        try check()
        try await base.deleteElement(id: id)
    }

    func upsertFeedback(_ feedback: Feedback) async throws(ParleyError) -> String {
        try check()
        return try await base.upsertFeedback(feedback)
    }

    func deleteFeedback(id: String) async throws(ParleyError) -> Bool {
        try check()
        return try await base.deleteFeedback(id: id)
    }

    func search(userId: String, words: String, limit: Int) async throws(ParleyError) -> [SearchHit] {
        try check()
        return try await base.search(userId: userId, words: words, limit: limit)
    }

    func usage(userId: String, days: Int) async throws(ParleyError) -> UsageReport {
        try check()
        return try await base.usage(userId: userId, days: days)
    }

    func apply(_ operations: [WriteOperation]) async throws(ParleyError) {
        try check()
        bursts.withLock { $0.append(operations.count) }
        try await base.apply(operations)
    }

    func close() async {
        await base.close()
    }
}
