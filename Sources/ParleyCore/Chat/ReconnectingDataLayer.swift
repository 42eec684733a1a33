/// The session's store, opened in the background from the start so that start-up never waits for it: a call
/// waits for that first attempt. When the database could not be reached, calls open it again, at most every few
/// seconds, so reads work again as soon as the server is back; writes do not wait for that, as the writer keeps
/// them in its outbox meanwhile.
public actor ReconnectingDataLayer: DataLayer {
    /// How long to wait after a failed attempt before trying again.
    public static let retryInterval: Duration = .seconds(2)

    private typealias Attempt = Task<Result<any DataLayer, ParleyError>, Never>

    private let first: @Sendable () async throws(ParleyError) -> any DataLayer
    private let reopen: @Sendable () async throws(ParleyError) -> any DataLayer
    private var layer: (any DataLayer)?
    /// Why the latest attempt failed; what callers hear until a later attempt works.
    private var lastError: ParleyError?
    private var lastAttempt = ContinuousClock.now
    /// The attempt under way, which every caller meanwhile waits for, so that only one connection is opened.
    private var pending: Attempt?

    /// `first` is the attempt begun at start; `reopen` makes each later one.
    public init(first: @escaping @Sendable () async throws(ParleyError) -> any DataLayer,
                reopen: @escaping @Sendable () async throws(ParleyError) -> any DataLayer) {
        self.first = first
        self.reopen = reopen
    }

    /// Waits for the store to be open; throws why it could not be, when it could not.
    public func opened() async throws(ParleyError) {
        _ = try await current()
    }

    private func current() async throws(ParleyError) -> any DataLayer {
        if let layer { return layer }
        let attempt: Attempt
        if let pending {
            attempt = pending
        } else {
            if let lastError, ContinuousClock.now - lastAttempt < Self.retryInterval { throw lastError }
            let open = lastError == nil ? first : reopen
            attempt = Task {
                do throws(ParleyError) {
                    return .success(try await open())
                } catch {
                    return .failure(error)
                }
            }
            pending = attempt
        }
        let result = await attempt.value
        if pending == attempt {
            pending = nil
            lastAttempt = .now
            switch result {
            case .success(let opened): layer = opened
            case .failure(let error): lastError = error
            }
        }
        return try result.get()
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

    public func apply(_ operations: [WriteOperation]) async throws(ParleyError) {
        try await current().apply(operations)
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

    /// Waits for a first attempt still under way (ending while libpq loads or connects on another thread is not
    /// safe), then closes the store.
    public func close() async {
        if layer == nil, lastError == nil { _ = try? await current() }
        await layer?.close()
        layer = nil
    }
}
