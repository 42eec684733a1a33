/// One person's chat: starts, sends and persists as the answer streams, resumes, and ends.
///
/// Every step goes to the store through the `StepSink` as it happens, in Chainlit's shape: the user step
/// before the request leaves, the answer from its first token (updated at most every 250 ms while it
/// streams) and once more at the end with usage, timings and the finish reason.
public actor ChatSession {
    /// How often a streaming answer is written while it grows.
    public static let streamingWriteInterval: Duration = .milliseconds(250)

    private let store: any DataLayer
    private let writer: any StepSink
    /// Whose chats these are (Chainlit's user identifier).
    public nonisolated let userIdentifier: String
    private var provider: any ChatProvider
    public private(set) var settings: ChatSettings
    private var user: User?
    /// The current chat; nil until the first message of a new chat.
    public private(set) var thread: ChatThread?
    private var history: [ChatMessage] = []
    /// The last exchange, for feedback and retry.
    public private(set) var lastExchange: ChainlitExchange?
    /// The step of the last answer, which a retry replaces.
    private var lastAnswerStepId: String?
    /// The feedback given on the last exchange, which a second `/feedback` replaces: Chainlit keeps one per run.
    private var lastFeedbackId: String?
    /// Files waiting for the next message.
    public private(set) var pendingAttachments: [Attachment] = []
    /// The system prompt as the current chat's steps record it (nil: none), so a changed one is recorded with the
    /// next message and a resume tells the model again.
    private var recordedSystemPrompt: String?
    /// The session's own prompt (`--system`, else the configuration's): a new chat, or a resumed one that never had
    /// a prompt, starts with it, whatever the chat before had.
    private let defaultSystemPrompt: String?

    /// The user's id was made up here and handed to the writer, and may not be the one the database has.
    private var provisional = false

    public init(store: any DataLayer, writer: any StepSink, provider: any ChatProvider, settings: ChatSettings,
                userIdentifier: String) {
        self.store = store
        self.writer = writer
        self.provider = provider
        self.settings = settings
        self.userIdentifier = userIdentifier
        defaultSystemPrompt = settings.systemPrompt
    }

    /// Finds the person's user record, creating it on first use (Chainlit's on_chat_start).
    @discardableResult
    public func start() async throws(ParleyError) -> User {
        if let user { return user }
        let user: User
        do {
            if let found = try await store.user(identifier: userIdentifier) {
                user = found
            } else {
                user = try await store.createUser(User(id: ChainlitExchange.newID(), identifier: userIdentifier))
            }
        } catch where error.code == .databaseUnreachable {
            // The database is away: the chat goes on, its writes waiting in the outbox.
            let user = provisionalUser()
            writer.submit(.createUser(user))
            return user
        }
        self.user = user
        return user
    }

    /// A record with a new id for the person, for the caller to hand to the writer ahead of the chat. A store
    /// that knows the identifier already keeps its record and gives the chat to it (a thread's owner is found by
    /// identifier), so the first message leaves without waiting for the database, and the same holds while the
    /// database is away, through the outbox.
    private func provisionalUser() -> User {
        let user = User(id: ChainlitExchange.newID(), identifier: userIdentifier)
        provisional = true
        self.user = user
        return user
    }

    /// The user for reading the store: an id made up here is swapped for the one the database has, once it
    /// answers, so lists and searches find every chat of this person.
    private func knownUser() async throws(ParleyError) -> User {
        let user = try await start()
        guard provisional else { return user }
        await writer.flush()
        guard let found = try await store.user(identifier: userIdentifier) else { return user }
        self.user = found
        provisional = false
        return found
    }

    public var providerName: String { provider.name }

    public func use(provider: any ChatProvider, settings: ChatSettings) {
        self.provider = provider
        self.settings = settings
    }

    public func update(_ change: @Sendable (inout ChatSettings) -> Void) {
        change(&settings)
    }

    /// Leaves the current chat saved and starts a new one at the next message, with the session's own prompt.
    public func newChat() {
        settings.systemPrompt = defaultSystemPrompt
        thread = nil
        history = []
        lastExchange = nil
        lastAnswerStepId = nil
        lastFeedbackId = nil
        recordedSystemPrompt = nil
    }

    /// Makes `id` the current chat and rebuilds what the model will be told from its steps. The chat's own system
    /// prompt comes back with it; a chat that never had one gets the session's own, recorded at the next message.
    public func resume(id: String) async throws(ParleyError) -> ChatThread {
        guard let found = try await ownedThread(id) else {
            throw ParleyError(.usage, "there is no chat \(id) of \(userIdentifier)", hint: "/history lists your chats")
        }
        let rebuilt = Conversation.messages(from: found.steps)
        history = rebuilt.messages
        if let recorded = rebuilt.systemPrompt {
            settings.systemPrompt = recorded.isEmpty ? nil : recorded
            recordedSystemPrompt = settings.systemPrompt
        } else {
            settings.systemPrompt = defaultSystemPrompt
            recordedSystemPrompt = nil
        }
        thread = found
        let latest = ChainlitExchange.latest(in: found.steps)
        lastExchange = latest?.exchange
        lastAnswerStepId = latest?.answerId
        lastFeedbackId = latest?.exchange.runStep.feedback?.id
        return found
    }

    /// Sends a message and streams the answer; cancelling the consumer stops the answer and keeps what came.
    public func send(_ text: String) async throws(ParleyError) -> AsyncThrowingStream<ChatEvent, any Error> {
        provider.prepare()
        // The message's changes go to the writer together, so they reach the store in one burst.
        var changes: [WriteOperation] = []
        let user: User
        if let known = self.user {
            user = known
        } else {
            user = provisionalUser()
            changes.append(.createUser(user))
        }
        let thread: ChatThread
        if let current = self.thread {
            thread = current
        } else {
            thread = beginThread(user: user, firstMessage: text)
            changes.append(.createThread(thread))
        }
        if let change = systemPromptChange(threadId: thread.id) { changes.append(change) }
        let exchange = ChainlitExchange(threadId: thread.id, userIdentifier: user.identifier, text: text)
        let attachments = pendingAttachments
        pendingAttachments = []
        let prompt = Attachment.prompt(text, attachments: attachments)
        var userStep = exchange.userStep
        // What the model was told, when files made it more than the message shown, so a resume tells it again.
        if prompt != text { userStep.metadata["prompt"] = .string(prompt) }
        changes += [.upsertStep(userStep), .upsertStep(exchange.runStep)]
        for attachment in attachments {
            changes.append(.createElement(Element(
                id: ChainlitExchange.newID(), threadId: thread.id, forId: userStep.id,
                type: attachment.mimeType.hasPrefix("image/") ? "image" : "file", name: attachment.name,
                display: "inline", size: "medium", mime: attachment.mimeType, bytes: attachment.bytes)))
        }
        writer.submit(changes)
        lastExchange = exchange
        lastFeedbackId = nil
        let images = attachments.compactMap { attachment -> ChatImage? in
            if case .image(let image) = attachment.content { return image }
            return nil
        }
        history.append(ChatMessage(role: .user, text: prompt, images: images))
        return answer(exchange, retryOf: nil)
    }

    /// Asks again for the last answer; the new one is stored as a new step that replaces it in the context.
    public func retry() throws(ParleyError) -> AsyncThrowingStream<ChatEvent, any Error> {
        guard let exchange = lastExchange else {
            throw ParleyError(.usage, "there is no answer to retry yet", hint: "send a message first")
        }
        if history.last?.role == .assistant { history.removeLast() }
        if let change = systemPromptChange(threadId: exchange.threadId) { writer.submit(change) }
        return answer(exchange, retryOf: lastAnswerStepId)
    }

    /// Streams the answer to the conversation so far, recording it under `exchange`.
    private func answer(_ exchange: ChainlitExchange, retryOf: String?) -> AsyncThrowingStream<ChatEvent, any Error> {
        let request = ChatRequest(model: settings.model, messages: Conversation.wellFormed(history),
                                  systemPrompt: settings.systemPrompt, maxOutputTokens: settings.maxOutputTokens,
                                  temperature: settings.temperature)
        let recorder = AnswerRecorder(exchange: exchange, writer: writer, provider: provider.name,
                                      model: settings.model, retryOf: retryOf)
        lastAnswerStepId = recorder.stepId
        let upstream = provider.stream(request)
        let (stream, continuation) = AsyncThrowingStream<ChatEvent, any Error>.makeStream()
        let task = Task {
            do {
                for try await event in upstream {
                    try Task.checkCancellation()
                    recorder.record(event)
                    continuation.yield(event)
                }
                try Task.checkCancellation()
                recorder.finish(outcome: .completed)
                continuation.finish()
            } catch is CancellationError {
                recorder.finish(outcome: .interrupted)
                continuation.finish(throwing: CancellationError())
            } catch let error as ParleyError where error.code == .interrupted {
                recorder.finish(outcome: .interrupted)
                continuation.finish(throwing: CancellationError())
            } catch {
                let failure = error as? ParleyError ?? ParleyError(.general, "\(error)")
                recorder.finish(outcome: .failed(failure))
                continuation.finish(throwing: failure)
            }
            self.remember(answer: recorder.answer)
        }
        continuation.onTermination = { termination in
            if case .cancelled = termination { task.cancel() }
        }
        return stream
    }

    /// Holds a file for the next message.
    public func attach(_ attachment: Attachment) {
        pendingAttachments.append(attachment)
    }

    /// Drops the files waiting for the next message.
    public func clearAttachments() {
        pendingAttachments = []
    }

    /// A page of the person's chats, most recently active first; `words` keeps those whose messages contain them all.
    public func threads(words: String?, after cursor: String?, pageSize: Int) async throws(ParleyError) -> ThreadPage {
        let user = try await knownUser()
        // Reads see every write handed off before them.
        await writer.flush()
        return try await store.threads(ThreadFilter(userId: user.id, search: words), after: cursor, pageSize: pageSize)
    }

    /// The person's chats whose ids start with `idPrefix`, at most `most` of them, so a caller can refuse a start
    /// that fits several.
    public func threads(idPrefix: String, most: Int = 5) async throws(ParleyError) -> [ThreadSummary] {
        let user = try await knownUser()
        await writer.flush()
        return try await store.threads(ThreadFilter(userId: user.id, idPrefix: idPrefix), after: nil, pageSize: most)
            .threads
    }

    /// Steps of the person's chats containing all the words, best first.
    public func search(_ words: String, limit: Int = 20) async throws(ParleyError) -> [SearchHit] {
        let user = try await knownUser()
        await writer.flush()
        return try await store.search(userId: user.id, words: words, limit: limit)
    }

    /// The person's totals, over the last `days` days that had answers.
    public func usage(days: Int) async throws(ParleyError) -> UsageReport {
        let user = try await knownUser()
        await writer.flush()
        return try await store.usage(userId: user.id, days: days)
    }

    /// Renames a chat (the current one when `id` is nil).
    public func rename(_ name: String, id: String? = nil) throws(ParleyError) {
        guard let target = id ?? thread?.id else {
            throw ParleyError(.usage, "there is no chat to rename yet", hint: "send a message first")
        }
        writer.submit(.updateThread(id: target, name: name, tags: nil, metadata: nil))
        if target == thread?.id { thread?.name = name }
    }

    /// Deletes a chat with everything in it; deleting the current one starts a new chat.
    public func delete(id: String) async throws(ParleyError) {
        guard try await ownedThread(id) != nil else {
            throw ParleyError(.usage, "there is no chat \(id) of \(userIdentifier)", hint: "/history lists your chats")
        }
        writer.submit(.deleteThread(id: id))
        await writer.flush()
        if thread?.id == id { newChat() }
    }

    /// A chat with its steps, if it is the person's.
    public func ownedThread(_ id: String) async throws(ParleyError) -> ChatThread? {
        let user = try await knownUser()
        await writer.flush()
        guard let found = try await store.thread(id: id), found.userId == user.id || found.userIdentifier == user.identifier
        else { return nil }
        return found
    }

    /// Records feedback on the last answer (Chainlit's thumbs on the run step).
    public func feedback(up: Bool, comment: String?) throws(ParleyError) -> Feedback {
        guard let exchange = lastExchange else {
            throw ParleyError(.usage, "there is no answer to give feedback on yet", hint: "send a message first")
        }
        let feedback = exchange.feedback(value: up ? 1 : 0, comment: comment,
                                         id: lastFeedbackId ?? ChainlitExchange.newID())
        lastFeedbackId = feedback.id
        writer.submit(.upsertFeedback(feedback))
        return feedback
    }

    /// Waits until every step written so far is in the store.
    public func flush() async {
        await writer.flush()
    }

    private func beginThread(user: User, firstMessage: String) -> ChatThread {
        let firstLine = firstMessage.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init)
        let thread = ChatThread(id: ChainlitExchange.newID(), name: ChatThread.name(fromFirstMessage: firstLine ?? ""),
                                userId: user.id, userIdentifier: user.identifier)
        self.thread = thread
        return thread
    }

    /// The system message to write when the prompt in use is not the one the chat records.
    private func systemPromptChange(threadId: String) -> WriteOperation? {
        guard settings.systemPrompt != recordedSystemPrompt else { return nil }
        recordedSystemPrompt = settings.systemPrompt
        return .upsertStep(ChainlitExchange.systemStep(threadId: threadId, prompt: settings.systemPrompt))
    }

    private func remember(answer: String) {
        if !answer.isEmpty { history.append(ChatMessage(role: .assistant, text: answer)) }
    }
}
