import Foundation
import ParleyCore
import Testing
@testable import ParleyStore

/// The same behaviour from both stores; each test gets a fresh database.
@Suite("DataLayer conformance")
struct DataLayerConformanceTests {
    @Test("creating a user twice keeps the first and both reads agree", arguments: StoreKind.all)
    func users(kind: StoreKind) async throws {
        let layer = try await kind.makeDatabase().open()
        let first = try await layer.createUser(User(id: ChainlitExchange.newID(), identifier: "ann",
                                                    metadata: ["provider": .string("credentials")]))
        let again = try await layer.createUser(User(id: ChainlitExchange.newID(), identifier: "ann"))
        #expect(again == first)
        #expect(try await layer.user(identifier: "ann") == first)
        #expect(try await layer.user(identifier: "bob") == nil)
        await layer.close()
    }

    @Test("a thread reads back as written, with userIdentifier filled from its user", arguments: StoreKind.all)
    func threadRoundTrip(kind: StoreKind) async throws {
        let layer = try await kind.makeDatabase().open()
        let fixture = try await Fixture.make(layer)
        let stored = try #require(try await layer.thread(id: fixture.thread.id))
        var expected = fixture.thread
        expected.userIdentifier = "ann"
        #expect(stored == expected)
        #expect(try await layer.thread(id: ChainlitExchange.newID()) == nil)
        await layer.close()
    }

    @Test("a thread naming a user id the store does not know goes to the user with its identifier",
          arguments: StoreKind.all)
    func threadOwnerByIdentifier(kind: StoreKind) async throws {
        let layer = try await kind.makeDatabase().open()
        let ann = try await layer.createUser(User(id: ChainlitExchange.newID(), identifier: "ann"))
        let madeUpOffline = ChainlitExchange.newID()
        let thread = ChatThread(id: ChainlitExchange.newID(), createdAt: Timestamp.now(), name: "offline",
                                userId: madeUpOffline, userIdentifier: "ann")
        try await layer.createThread(thread)
        #expect(try await layer.thread(id: thread.id)?.userId == ann.id)
        await layer.close()
    }

    @Test("updating a thread changes only what is given and merges metadata", arguments: StoreKind.all)
    func updateThread(kind: StoreKind) async throws {
        let layer = try await kind.makeDatabase().open()
        let fixture = try await Fixture.make(layer)
        try await layer.updateThread(id: fixture.thread.id, name: "renamed", tags: nil,
                                     metadata: ["is_shared": .bool(true), "chat_profile": .null])
        var stored = try #require(try await layer.thread(id: fixture.thread.id))
        #expect(stored.name == "renamed")
        #expect(stored.tags == ["work"])
        #expect(stored.metadata == ["is_shared": .bool(true)])
        try await layer.updateThread(id: fixture.thread.id, name: nil, tags: ["a", "b"], metadata: nil)
        stored = try #require(try await layer.thread(id: fixture.thread.id))
        #expect(stored.name == "renamed")
        #expect(stored.tags == ["a", "b"])
        #expect(stored.metadata == ["is_shared": .bool(true)])
        await layer.close()
    }

    @Test("an exchange reads back in order, nested user → run → assistant", arguments: StoreKind.all)
    func exchange(kind: StoreKind) async throws {
        let layer = try await kind.makeDatabase().open()
        let fixture = try await Fixture.make(layer)
        let (exchange, assistant) = try await fixture.exchange(layer, question: "Why is the sky blue?",
                                                               answer: "Rayleigh scattering.")
        let steps = try #require(try await layer.thread(id: fixture.thread.id)).steps
        #expect(steps.map(\.id) == [exchange.userStep.id, exchange.runStep.id, assistant.id])
        #expect(steps.map(\.type) == [.userMessage, .run, .assistantMessage])
        #expect(steps[1].parentId == exchange.userStep.id)
        #expect(steps[2].parentId == exchange.runStep.id)
        #expect(steps[0] == exchange.userStep)
        #expect(steps[1].end != nil)
        #expect(steps[1].input == "Why is the sky blue?")
        #expect(steps[1].output == "")
        #expect(steps[2].generation == .object([
            "model": .string("test-model"), "provider": .string("test"), "outputTokens": .int(7),
        ]))
        #expect(zip(steps, steps.dropFirst()).allSatisfy { ($0.createdAt ?? "") < ($1.createdAt ?? "") })
        await layer.close()
    }

    @Test("an upsert with nil fields keeps what is stored, and replaying it changes nothing",
          arguments: StoreKind.all)
    func upsert(kind: StoreKind) async throws {
        let layer = try await kind.makeDatabase().open()
        let fixture = try await Fixture.make(layer)
        let id = ChainlitExchange.newID()
        let first = Step(id: id, threadId: fixture.thread.id, name: "Assistant", type: .assistantMessage,
                         streaming: true, input: "kept", output: "Hel", createdAt: Timestamp.now(),
                         language: "markdown")
        try await layer.upsertStep(first)
        var update = Step(id: id, threadId: fixture.thread.id, name: "Assistant", type: .assistantMessage,
                          streaming: false, output: "Hello", createdAt: Timestamp.now())
        try await layer.upsertStep(update)
        try await layer.upsertStep(update)
        let steps = try #require(try await layer.thread(id: fixture.thread.id)).steps
        #expect(steps.count == 1)
        update.input = "kept"
        update.language = "markdown"
        update.createdAt = first.createdAt
        #expect(steps.first == update)
        await layer.close()
    }

    @Test("feedback is an upsert by id, read back on its step, and deleted once", arguments: StoreKind.all)
    func feedback(kind: StoreKind) async throws {
        let layer = try await kind.makeDatabase().open()
        let fixture = try await Fixture.make(layer)
        let (exchange, _) = try await fixture.exchange(layer, question: "q", answer: "a")
        let id = try await layer.upsertFeedback(exchange.feedback(value: 1))
        _ = try await layer.upsertFeedback(exchange.feedback(value: 0, comment: "wrong", id: id))
        let run = try #require(try await layer.thread(id: fixture.thread.id)?.steps.first { $0.type == .run })
        #expect(run.feedback == Feedback(id: id, forId: exchange.runStep.id, threadId: fixture.thread.id,
                                         value: 0, comment: "wrong"))
        #expect(try await layer.deleteFeedback(id: id))
        #expect(try await !layer.deleteFeedback(id: id))
        #expect(try await layer.thread(id: fixture.thread.id)?.steps.allSatisfy { $0.feedback == nil } == true)
        await layer.close()
    }

    @Test("an element keeps its bytes apart: listed with the thread, bytes only when fetched",
          arguments: StoreKind.all)
    func elements(kind: StoreKind) async throws {
        let layer = try await kind.makeDatabase().open()
        let fixture = try await Fixture.make(layer)
        let (exchange, _) = try await fixture.exchange(layer, question: "look", answer: "ok")
        let bytes: [UInt8] = [0, 1, 2, 0xFF, 0x5C, 0x78, 0]
        let element = Element(id: ChainlitExchange.newID(), threadId: fixture.thread.id,
                              forId: exchange.userStep.id, type: "file", name: "data.bin", display: "inline",
                              page: 3, mime: "application/octet-stream", props: ["k": .string("v")], bytes: bytes)
        try await layer.createElement(element)
        #expect(try await layer.element(threadId: fixture.thread.id, id: element.id) == element)
        var listed = element
        listed.bytes = nil
        #expect(try await layer.thread(id: fixture.thread.id)?.elements == [listed])
        try await layer.deleteElement(id: element.id)
        #expect(try await layer.element(threadId: fixture.thread.id, id: element.id) == nil)
        await layer.close()
    }

    @Test("deleting a step takes its feedback and elements with it", arguments: StoreKind.all)
    func deleteStep(kind: StoreKind) async throws {
        let layer = try await kind.makeDatabase().open()
        let fixture = try await Fixture.make(layer)
        let (exchange, _) = try await fixture.exchange(layer, question: "q", answer: "a")
        let feedbackId = try await layer.upsertFeedback(exchange.feedback(value: 1))
        let element = Element(id: ChainlitExchange.newID(), threadId: fixture.thread.id,
                              forId: exchange.runStep.id, type: "text", name: "note")
        try await layer.createElement(element)
        try await layer.deleteStep(id: exchange.runStep.id)
        let thread = try #require(try await layer.thread(id: fixture.thread.id))
        #expect(thread.steps.count == 2)
        #expect(thread.elements.isEmpty)
        #expect(try await !layer.deleteFeedback(id: feedbackId))
        await layer.close()
    }

    @Test("deleting a thread cascades to its steps, elements, feedback and attachment bytes",
          arguments: StoreKind.all)
    func deleteThread(kind: StoreKind) async throws {
        let database = try kind.makeDatabase()
        let layer = try await database.open()
        let fixture = try await Fixture.make(layer)
        let (exchange, _) = try await fixture.exchange(layer, question: "q", answer: "a")
        _ = try await layer.upsertFeedback(exchange.feedback(value: 1))
        try await layer.createElement(Element(id: ChainlitExchange.newID(), threadId: fixture.thread.id,
                                              name: "x", bytes: [1, 2, 3]))
        try await layer.deleteThread(id: fixture.thread.id)
        #expect(try await layer.thread(id: fixture.thread.id) == nil)
        await layer.close()
        for table in ["steps", "elements", "feedbacks", "parley_attachments"] {
            // Table names are constants of this test.
            #expect(try database.rows("SELECT count(*) FROM \(table)").first?.int(0) == 0, "\(table)")
        }
    }

    @Test("threads are listed newest first, page by page, with a preview of the latest message",
          arguments: StoreKind.all)
    func pagination(kind: StoreKind) async throws {
        let layer = try await kind.makeDatabase().open()
        let user = try await layer.createUser(User(id: ChainlitExchange.newID(), identifier: "ann"))
        let other = try await layer.createUser(User(id: ChainlitExchange.newID(), identifier: "bob"))
        var ids: [String] = []
        for index in 0..<25 {
            let thread = ChatThread(id: ChainlitExchange.newID(), name: "chat \(index)", userId: user.id)
            try await layer.createThread(thread)
            try await layer.createStep(Step(id: ChainlitExchange.newID(), threadId: thread.id, name: "ann",
                                            type: .userMessage, output: "message \(index)",
                                            createdAt: Timestamp.now()))
            ids.append(thread.id)
        }
        try await layer.createThread(ChatThread(id: ChainlitExchange.newID(), userId: other.id))
        var seen: [ThreadSummary] = []
        var cursor: String?
        var pages = 0
        repeat {
            let page = try await layer.threads(ThreadFilter(userId: user.id), after: cursor, pageSize: 10)
            seen += page.threads
            cursor = page.nextCursor
            pages += 1
        } while cursor != nil && pages < 10
        #expect(pages == 3)
        #expect(seen.map(\.id) == ids.reversed())
        #expect(seen.first?.preview == "message 24")
        #expect(seen.first?.userIdentifier == "ann")
        #expect(seen.map(\.messageCount) == Array(repeating: 1, count: 25))
        await layer.close()
    }

    @Test("a chat with a new step moves to the top of the list, as in Chainlit's sidebar; an updated step does not",
          arguments: StoreKind.all)
    func latestActivityFirst(kind: StoreKind) async throws {
        let layer = try await kind.makeDatabase().open()
        let user = try await layer.createUser(User(id: ChainlitExchange.newID(), identifier: "ann"))
        var threads: [ChatThread] = []
        var firstSteps: [Step] = []
        for index in 0..<3 {
            let thread = ChatThread(id: ChainlitExchange.newID(), name: "chat \(index)", userId: user.id)
            try await layer.createThread(thread)
            let step = Step(id: ChainlitExchange.newID(), threadId: thread.id, name: "ann", type: .userMessage,
                            output: "first of \(index)", createdAt: Timestamp.now())
            try await layer.createStep(step)
            threads.append(thread)
            firstSteps.append(step)
        }
        let empty = ChatThread(id: ChainlitExchange.newID(), name: "no messages yet", userId: user.id)
        try await layer.createThread(empty)
        func order() async throws -> [String] {
            try await layer.threads(ThreadFilter(userId: user.id), after: nil, pageSize: 10).threads.map(\.id)
        }
        #expect(try await order() == [empty.id, threads[2].id, threads[1].id, threads[0].id])

        try await layer.createStep(Step(id: ChainlitExchange.newID(), threadId: threads[0].id, name: "ann",
                                        type: .userMessage, output: "back to the oldest", createdAt: Timestamp.now()))
        var edited = firstSteps[1]
        edited.output = "edited, not new"
        try await layer.updateStep(edited)
        #expect(try await order() == [threads[0].id, empty.id, threads[2].id, threads[1].id])
        let first = try await layer.threads(ThreadFilter(userId: user.id), after: nil, pageSize: 2)
        let rest = try await layer.threads(ThreadFilter(userId: user.id), after: first.nextCursor, pageSize: 2)
        #expect(first.threads.map(\.id) + rest.threads.map(\.id) == [threads[0].id, empty.id, threads[2].id, threads[1].id])
        #expect(first.threads.first?.preview == "back to the oldest")
        #expect(first.threads.first.map { $0.activityAt > $0.createdAt } == true)
        await layer.close()
    }

    @Test("the list filters by search words and by feedback, 0 included, and counts each chat's ratings",
          arguments: StoreKind.all)
    func filters(kind: StoreKind) async throws {
        let layer = try await kind.makeDatabase().open()
        let fixture = try await Fixture.make(layer)
        let (liked, _) = try await fixture.exchange(layer, question: "tell me about penguins", answer: "birds")
        _ = try await layer.upsertFeedback(liked.feedback(value: 1))
        let second = ChatThread(id: ChainlitExchange.newID(), name: "other", userId: fixture.user.id)
        try await layer.createThread(second)
        let secondFixture = Fixture(user: fixture.user, thread: second)
        let (disliked, _) = try await secondFixture.exchange(layer, question: "and walruses?", answer: "mammals")
        _ = try await layer.upsertFeedback(disliked.feedback(value: 0))
        func ids(_ filter: ThreadFilter) async throws -> [String] {
            try await layer.threads(filter, after: nil, pageSize: 10).threads.map(\.id)
        }
        let user = fixture.user.id
        #expect(try await ids(ThreadFilter(userId: user, search: "Penguins")) == [fixture.thread.id])
        #expect(try await ids(ThreadFilter(userId: user, search: "mammals")) == [second.id])
        #expect(try await ids(ThreadFilter(userId: user, search: "penguins mammals")).isEmpty)
        #expect(try await ids(ThreadFilter(userId: user, search: "  ")) == [second.id, fixture.thread.id])
        #expect(try await ids(ThreadFilter(userId: user, feedback: 1)) == [fixture.thread.id])
        #expect(try await ids(ThreadFilter(userId: user, feedback: 0)) == [second.id])
        #expect(try await ids(ThreadFilter(userId: user, search: "birds", feedback: 0)).isEmpty)
        let listed = try await layer.threads(ThreadFilter(userId: user), after: nil, pageSize: 10).threads
        #expect(listed.map { "\($0.name ?? "")|\($0.ratedUp)|\($0.ratedDown)" } == ["other|0|1", "first question|1|0"])
        #expect(try await ids(ThreadFilter(userId: user, idPrefix: String(second.id.prefix(8)).uppercased()))
                == [second.id])
        #expect(try await ids(ThreadFilter(userId: user, idPrefix: fixture.thread.id)) == [fixture.thread.id])
        #expect(try await ids(ThreadFilter(userId: user, idPrefix: "%")).isEmpty, "no pattern characters")
        let stranger = try await Fixture.make(layer, identifier: "bob")
        #expect(try await ids(ThreadFilter(userId: stranger.user.id, idPrefix: second.id)).isEmpty)
        await layer.close()
    }

    @Test("usage counts a user's chats and messages, and answers and tokens by day and model",
          arguments: StoreKind.all)
    func usage(kind: StoreKind) async throws {
        let layer = try await kind.makeDatabase().open()
        let fixture = try await Fixture.make(layer)
        let (_, answer) = try await fixture.exchange(layer, question: "one", answer: "first")
        var counted = answer
        counted.generation = .object(["model": .string("model-a"), "inputTokenCount": .int(11),
                                      "outputTokenCount": .int(5)])
        try await layer.upsertStep(counted)
        _ = try await fixture.exchange(layer, question: "two", answer: "second")
        let stranger = try await Fixture.make(layer, identifier: "bob")
        _ = try await stranger.exchange(layer, question: "not counted", answer: "no")
        let report = try await layer.usage(userId: fixture.user.id, days: 7)
        #expect(report.chats == 1)
        #expect(report.messages == 4)
        let day = String(try #require(answer.createdAt).prefix(10))
        #expect(report.rows == [
            UsageReport.Row(day: day, model: "model-a", answers: 1, inputTokens: 11, outputTokens: 5),
            UsageReport.Row(day: day, model: "test-model", answers: 1, inputTokens: 0, outputTokens: 0),
        ])
        await layer.close()
    }

    @Test("search finds a user's steps with the words marked in a snippet", arguments: StoreKind.all)
    func search(kind: StoreKind) async throws {
        let layer = try await kind.makeDatabase().open()
        let fixture = try await Fixture.make(layer)
        let (_, answer) = try await fixture.exchange(
            layer, question: "what do emperor penguins eat?",
            answer: "Emperor penguins mostly eat fish, krill and squid, diving deep under the Antarctic ice.")
        let stranger = try await Fixture.make(layer, identifier: "bob")
        _ = try await stranger.exchange(layer, question: "krill facts", answer: "krill are small")
        try await layer.upsertStep(ChainlitExchange.systemStep(threadId: fixture.thread.id,
                                                               prompt: "you know krill [and] brackets"))
        let hits = try await layer.search(userId: fixture.user.id, words: "krill", limit: 10)
        #expect(hits.count == 1, "the answer, not the system prompt")
        let hit = try #require(hits.first)
        #expect(hit.stepId == answer.id)
        #expect(hit.threadId == fixture.thread.id)
        #expect(hit.threadName == "first question")
        #expect(hit.snippet.contains(SearchHit.matchStart + "krill" + SearchHit.matchEnd))
        let both = try await layer.search(userId: fixture.user.id, words: "penguins", limit: 10)
        #expect(both.count == 2, "the user message and the answer, not the run step's copy of the question")
        #expect(try await layer.search(userId: fixture.user.id, words: "\"); DROP TABLE steps; --", limit: 10)
                    .isEmpty)
        #expect(try await layer.search(userId: fixture.user.id, words: "", limit: 10).isEmpty)
        await layer.close()
    }

    @Test("a message of over a megabyte of distinct words is saved whole, and its start is found by search",
          arguments: StoreKind.all)
    func hugeMessage(kind: StoreKind) async throws {
        let layer = try await kind.makeDatabase().open()
        let fixture = try await Fixture.make(layer)
        // Words that never repeat make the largest full-text entry: 1.3 MB of them is 1.7 MB of tsvector.
        var generator = SystemRandomNumberGenerator()
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let words = (0..<120_000).map { _ in String((0..<10).map { _ in letters.randomElement(using: &generator)! }) }
        let text = "zanzibarish " + words.joined(separator: " ")
        let (exchange, answer) = try await fixture.exchange(layer, question: text, answer: text)
        let steps = try #require(try await layer.thread(id: fixture.thread.id)).steps
        #expect(steps.map(\.id) == [exchange.userStep.id, exchange.runStep.id, answer.id])
        #expect(steps.allSatisfy { $0.type == .run || $0.output == text })
        #expect(try await layer.search(userId: fixture.user.id, words: "zanzibarish", limit: 10).count == 2)
        await layer.close()
    }

    @Test("a step for a thread that does not exist is a database error and writes nothing",
          arguments: StoreKind.all)
    func orphanStep(kind: StoreKind) async throws {
        let database = try kind.makeDatabase()
        let layer = try await database.open()
        let step = Step(id: ChainlitExchange.newID(), threadId: ChainlitExchange.newID(), name: "x",
                        type: .userMessage, createdAt: Timestamp.now())
        let error = await #expect(throws: ParleyError.self) { try await layer.upsertStep(step) }
        #expect(error?.code == .database)
        await layer.close()
        #expect(try database.rows("SELECT count(*) FROM steps").first?.int(0) == 0)
    }

    @Test("a burst of changes is saved together and in order; one the store refuses leaves none of its burst",
          arguments: StoreKind.all)
    func burst(kind: StoreKind) async throws {
        let database = try kind.makeDatabase()
        let layer = try await database.open()
        let ann = User(id: ChainlitExchange.newID(), identifier: "ann")
        let thread = ChatThread(id: ChainlitExchange.newID(), createdAt: Timestamp.now(), name: "burst",
                                userId: ann.id, userIdentifier: "ann")
        let steps = (0..<3).map { index in
            Step(id: ChainlitExchange.newID(), threadId: thread.id, name: "ann", type: .userMessage,
                 output: "message \(index)", createdAt: Timestamp.now())
        }
        let file = Element(id: ChainlitExchange.newID(), threadId: thread.id, forId: steps[0].id, type: "file",
                           name: "notes.txt", display: "inline", size: "medium", mime: "text/plain",
                           bytes: Array("bytes\u{0}kept".utf8))
        try await layer.apply([.createUser(ann), .createThread(thread)] + steps.map(WriteOperation.upsertStep)
            + [.createElement(file)])
        #expect(try await layer.thread(id: thread.id)?.steps == steps)
        #expect(try await layer.element(threadId: thread.id, id: file.id)?.bytes == file.bytes)

        let second = ChatThread(id: ChainlitExchange.newID(), createdAt: Timestamp.now(), name: "refused",
                                userId: ann.id, userIdentifier: "ann")
        let orphan = Step(id: ChainlitExchange.newID(), threadId: ChainlitExchange.newID(), name: "x",
                          type: .userMessage, createdAt: Timestamp.now())
        let error = await #expect(throws: ParleyError.self) {
            try await layer.apply([.createThread(second), .upsertStep(orphan), .renamed(second.id)])
        }
        #expect(error?.code == .database)
        #expect(try await layer.thread(id: second.id) == nil)
        // The store is usable again at once, for single changes and for bursts.
        try await layer.createThread(second)
        try await layer.apply([.renamed(second.id), .renamed(thread.id)])
        #expect(try await layer.thread(id: second.id)?.name == "renamed")
        #expect(try await layer.thread(id: thread.id)?.name == "renamed")
        await layer.close()
        #expect(try database.rows("SELECT count(*) FROM steps").first?.int(0) == 3)
    }
}

private extension WriteOperation {
    static func renamed(_ id: String) -> WriteOperation {
        .updateThread(id: id, name: "renamed", tags: nil, metadata: nil)
    }
}
