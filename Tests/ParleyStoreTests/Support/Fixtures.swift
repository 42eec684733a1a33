import ParleyCore

/// A user with one thread, the starting point of most conformance tests.
struct Fixture {
    let user: User
    let thread: ChatThread

    static func make(_ layer: any DataLayer, identifier: String = "ann", createdAt: String = Timestamp.now())
        async throws -> Fixture {
        let user = try await layer.createUser(User(id: ChainlitExchange.newID(), identifier: identifier))
        let thread = ChatThread(id: ChainlitExchange.newID(), createdAt: createdAt, name: "first question",
                                userId: user.id, tags: ["work"], metadata: ["chat_profile": .string("default")])
        try await layer.createThread(thread)
        return Fixture(user: user, thread: thread)
    }

    /// Writes a full exchange (user, run, assistant) and returns it.
    func exchange(_ layer: any DataLayer, question: String, answer: String) async throws
        -> (ChainlitExchange, Step) {
        let exchange = ChainlitExchange(threadId: thread.id, userIdentifier: user.identifier, text: question)
        try await layer.createStep(exchange.userStep)
        try await layer.createStep(exchange.runStep)
        let assistant = exchange.assistantStep(
            id: ChainlitExchange.newID(), output: answer, streaming: false, createdAt: Timestamp.now(),
            generation: ["model": .string("test-model"), "provider": .string("test"), "outputTokens": .int(7)])
        try await layer.createStep(assistant)
        try await layer.updateStep(exchange.finishedRunStep())
        return (exchange, assistant)
    }
}
