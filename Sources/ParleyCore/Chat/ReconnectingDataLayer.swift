/// A store that could not be reached at start: every call opens it first, at most every few seconds, so reads
/// work again as soon as the server is back. Writes do not come here; the writer keeps them in its outbox.
public actor ReconnectingDataLayer: DataLayer {
    /// How long to wait after a failed attempt before trying again.
    public static let retryInterval: Duration = .seconds(2)

    private let open: @Sendable () async throws(ParleyError) -> any DataLayer
    private var layer: (any DataLayer)?
    private var lastError: ParleyError
    private var lastAttempt = ContinuousClock.now

    /// `error` is why the first attempt failed; it is what callers hear until a later attempt works.
    public init(error: ParleyError, open: @escaping @Sendable () async throws(ParleyError) -> any DataLayer) {
        self.lastError = error
        self.open = open
    }

    private func current() async throws(ParleyError) -> any DataLayer {
        if let layer { return layer }
        guard ContinuousClock.now - lastAttempt >= Self.retryInterval else { throw lastError }
        lastAttempt = .now
        do {
            let opened = try await open()
            layer = opened
            return opened
        } catch {
            lastError = error
            throw error
        }
    }

    public func user(identifier: String) async throws(ParleyError) -> User? {
        try await current().user(identifier: identifier)
    }

    public func createUser(_ user: User) async throws(ParleyError) -> User {
        try await current().createUser(user)
    }

    public func createThread(_ thread: ChatThread) async throws(ParleyError) {
        try await current().createThread(thread)
    }

    public func updateThread(id: String, name: String?, tags: [String]?, metadata: [String: JSONValue]?)
        async throws(ParleyError) {
        try await current().updateThread(id: id, name: name, tags: tags, metadata: metadata)
    }

    public func deleteThread(id: String) async throws(ParleyError) {
        try await current().deleteThread(id: id)
    }

    public func thread(id: String) async throws(ParleyError) -> ChatThread? {
        try await current().thread(id: id)
    }

    public func threads(_ filter: ThreadFilter, after cursor: String?, pageSize: Int) async throws(ParleyError)
        -> ThreadPage {
        try await current().threads(filter, after: cursor, pageSize: pageSize)
    }

    public func upsertStep(_ step: Step) async throws(ParleyError) {
        try await current().upsertStep(step)
    }

    public func deleteStep(id: String) async throws(ParleyError) {
        try await current().deleteStep(id: id)
    }

    public func createElement(_ element: Element) async throws(ParleyError) {
        try await current().createElement(element)
    }

    public func element(threadId: String, id: String) async throws(ParleyError) -> Element? {
        try await current().element(threadId: threadId, id: id)
    }

    public func deleteElement(id: String) async throws(ParleyError) {
        try await current().deleteElement(id: id)
    }

    public func upsertFeedback(_ feedback: Feedback) async throws(ParleyError) -> String {
        try await current().upsertFeedback(feedback)
    }

    public func deleteFeedback(id: String) async throws(ParleyError) -> Bool {
        try await current().deleteFeedback(id: id)
    }

    public func search(userId: String, words: String, limit: Int) async throws(ParleyError) -> [SearchHit] {
        try await current().search(userId: userId, words: words, limit: limit)
    }

    public func usage(userId: String, days: Int) async throws(ParleyError) -> UsageReport {
        try await current().usage(userId: userId, days: days)
    }

    public func close() async {
        await layer?.close()
        layer = nil
    }
}
