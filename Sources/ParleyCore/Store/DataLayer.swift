/// Where chats are kept; mirrors Chainlit's BaseDataLayer so either program reads what the other wrote.
public protocol DataLayer: Sendable {
    func user(identifier: String) async throws(ParleyError) -> User?
    /// Returns the stored user: the existing one when the identifier is taken.
    func createUser(_ user: User) async throws(ParleyError) -> User

    /// Inserts the thread, or replaces an existing one's columns; fills userIdentifier from userId.
    func createThread(_ thread: ChatThread) async throws(ParleyError)
    /// Changes only what is given; metadata is merged, a `null` member removes that key.
    func updateThread(id: String, name: String?, tags: [String]?, metadata: [String: JSONValue]?)
        async throws(ParleyError)
    func deleteThread(id: String) async throws(ParleyError)
    /// The thread with its steps in order (feedback attached) and its elements.
    func thread(id: String) async throws(ParleyError) -> ChatThread?
    /// A user's threads, latest activity first (as Chainlit's sidebar); `cursor` is the previous page's `nextCursor`.
    func threads(_ filter: ThreadFilter, after cursor: String?, pageSize: Int) async throws(ParleyError)
        -> ThreadPage

    /// Upsert by id, so a replayed write is harmless; nil fields keep what is stored.
    func upsertStep(_ step: Step) async throws(ParleyError)
    /// Deletes the step with its feedback and elements.
    func deleteStep(id: String) async throws(ParleyError)

    func createElement(_ element: Element) async throws(ParleyError)
    func element(threadId: String, id: String) async throws(ParleyError) -> Element?
    func deleteElement(id: String) async throws(ParleyError)

    /// Returns the feedback's id.
    func upsertFeedback(_ feedback: Feedback) async throws(ParleyError) -> String
    func deleteFeedback(id: String) async throws(ParleyError) -> Bool

    /// Steps of the user's threads containing all the words, best matches first.
    func search(userId: String, words: String, limit: Int) async throws(ParleyError) -> [SearchHit]

    /// Chats, messages and the answers' tokens by day and model, over the last `days` days with answers.
    func usage(userId: String, days: Int) async throws(ParleyError) -> UsageReport

    /// Applies a burst of changes in order. A store may send them together as one transaction, all or none;
    /// the default applies them one after the other.
    func apply(_ operations: [WriteOperation]) async throws(ParleyError)

    func close() async
}

// MARK: - Default implementations

extension DataLayer {
    public func apply(_ operations: [WriteOperation]) async throws(ParleyError) {
        for operation in operations { try await operation.apply(to: self) }
    }

    /// Chainlit's create_step and update_step are the same upsert.
    public func createStep(_ step: Step) async throws(ParleyError) {
        try await upsertStep(step)
    }

    public func updateStep(_ step: Step) async throws(ParleyError) {
        try await upsertStep(step)
    }

    /// How many characters of a message a thread list shows.
    public static var previewLength: Int { 200 }
}
