import Foundation
import ParleyCore
import Synchronization
import Testing
@testable import ParleyStore

@Suite("Never lose a step")
struct StoreWriterTests {
    /// Waits until the outbox is empty (the writer retries every few milliseconds in these tests).
    func waitForDrain(_ outbox: Outbox) async throws {
        for _ in 0..<500 where try await !outbox.pending().isEmpty {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(try await outbox.pending().isEmpty)
    }

    func steps(count: Int, thread: String) -> [Step] {
        (0..<count).map { index in
            Step(id: ChainlitExchange.newID(), threadId: thread, name: "ann", type: .userMessage,
                 output: "message \(index)", createdAt: Timestamp.now())
        }
    }

    @Test("writes while the database is down at start are journalled, then saved once and in order",
          arguments: StoreKind.all)
    func downAtStart(kind: StoreKind) async throws {
        let database = try kind.makeDatabase()
        let outbox = Outbox(directory: TestDatabase.stateDirectory())
        let available = Mutex(false)
        let messages = Messages()
        let writer = StoreWriter(outbox: outbox, retryInterval: .milliseconds(20), notify: messages.append) {
            () throws(ParleyError) -> any DataLayer in
            guard available.withLock({ $0 }) else {
                throw ParleyError(.database, "could not connect to the test database")
            }
            return try await Store.open(DatabaseURL(parsing: database.location))
        }
        let setup = try await database.open()
        let user = try await setup.createUser(User(id: ChainlitExchange.newID(), identifier: "ann"))
        await setup.close()
        let thread = ChatThread(id: ChainlitExchange.newID(), userId: user.id)
        let written = steps(count: 30, thread: thread.id)
        writer.submit(.createThread(thread))
        written.forEach { writer.submit(.upsertStep($0)) }
        await writer.flush()
        #expect(try await outbox.pending().count == 31)
        available.withLock { $0 = true }
        try await waitForDrain(outbox)
        await writer.finish()
        let layer = try await database.open()
        #expect(try await layer.thread(id: thread.id)?.steps == written)
        await layer.close()
        #expect(messages.all.count == 2)
        #expect(messages.all.first?.contains("will be saved when it is back") == true)
        #expect(messages.all.last == "the database is back: 31 changes kept locally are saved")
        #expect(messages.dropped.isEmpty)
    }

    @Test("a database lost mid-run gets every step exactly once, in order, when it is back",
          arguments: StoreKind.all)
    func lostMidRun(kind: StoreKind) async throws {
        let database = try kind.makeDatabase()
        let flaky = FlakyDataLayer(try await database.open())
        let outbox = Outbox(directory: TestDatabase.stateDirectory())
        let messages = Messages()
        let writer = StoreWriter(outbox: outbox, retryInterval: .milliseconds(20), notify: messages.append) {
            () throws(ParleyError) -> any DataLayer in flaky
        }
        let user = try await flaky.createUser(User(id: ChainlitExchange.newID(), identifier: "ann"))
        let thread = ChatThread(id: ChainlitExchange.newID(), userId: user.id)
        writer.submit(.createThread(thread))
        let written = steps(count: 60, thread: thread.id)
        for (index, step) in written.enumerated() {
            if index == 20 {
                await writer.flush()
                flaky.setDown(true)
            }
            if index == 45 {
                await writer.flush()
                flaky.setDown(false)
            }
            writer.submit(.upsertStep(step))
        }
        await writer.flush()
        try await waitForDrain(outbox)
        await writer.finish()
        let layer = try await database.open()
        #expect(try await layer.thread(id: thread.id)?.steps == written)
        await layer.close()
        #expect(messages.all.filter { $0.contains("will be saved when it is back") }.count == 1)
    }

    @Test("a journal left by an earlier run is replayed before new writes, and replaying twice is harmless",
          arguments: StoreKind.all)
    func earlierRun(kind: StoreKind) async throws {
        let database = try kind.makeDatabase()
        let setup = try await database.open()
        let user = try await setup.createUser(User(id: ChainlitExchange.newID(), identifier: "ann"))
        await setup.close()
        let thread = ChatThread(id: ChainlitExchange.newID(), userId: user.id)
        let old = steps(count: 5, thread: thread.id)
        let outbox = Outbox(directory: TestDatabase.stateDirectory())
        let journal: [WriteOperation] = [.createThread(thread)] + old.map { .upsertStep($0) }
        try await outbox.append(journal)
        try await outbox.append(journal)
        let writer = StoreWriter(outbox: outbox, retryInterval: .milliseconds(20), notify: { _ in }) {
            () throws(ParleyError) -> any DataLayer in try await Store.open(DatabaseURL(parsing: database.location))
        }
        let new = steps(count: 3, thread: thread.id)
        new.forEach { writer.submit(.upsertStep($0)) }
        await writer.flush()
        try await waitForDrain(outbox)
        await writer.finish()
        let layer = try await database.open()
        #expect(try await layer.thread(id: thread.id)?.steps == old + new)
        await layer.close()
    }

    @Test("a writer sharing the session's store writes through it and opens no connection of its own",
          arguments: StoreKind.all)
    func sharing(kind: StoreKind) async throws {
        let database = try kind.makeDatabase()
        let store = try await database.open()
        let opened = Mutex(0)
        let writer = StoreWriter(outbox: Outbox(directory: TestDatabase.stateDirectory()), sharing: store,
                                 notify: { _ in }) { () throws(ParleyError) -> any DataLayer in
            opened.withLock { $0 += 1 }
            return try await Store.open(DatabaseURL(parsing: database.location))
        }
        let user = try await store.createUser(User(id: ChainlitExchange.newID(), identifier: "ann"))
        let thread = ChatThread(id: ChainlitExchange.newID(), userId: user.id)
        let written = steps(count: 3, thread: thread.id)
        writer.submit(.createThread(thread))
        written.forEach { writer.submit(.upsertStep($0)) }
        await writer.flush()
        #expect(try await store.thread(id: thread.id)?.steps == written)
        await writer.finish()
        #expect(opened.withLock { $0 } == 0)
    }

    @Test("changes handed over together reach the store together, in order", arguments: StoreKind.all)
    func together(kind: StoreKind) async throws {
        let database = try kind.makeDatabase()
        let store = FlakyDataLayer(try await database.open())
        let writer = StoreWriter(outbox: Outbox(directory: TestDatabase.stateDirectory()), sharing: store,
                                 notify: { _ in }) { () throws(ParleyError) -> any DataLayer in store }
        let user = User(id: ChainlitExchange.newID(), identifier: "ann")
        let thread = ChatThread(id: ChainlitExchange.newID(), userId: user.id, userIdentifier: "ann")
        let written = steps(count: 3, thread: thread.id)
        writer.submit([.createUser(user), .createThread(thread)] + written.map(WriteOperation.upsertStep))
        await writer.flush()
        #expect(store.largestBurst == 5)
        #expect(try await store.thread(id: thread.id)?.steps == written)
        await writer.finish()
    }

    @Test("a change the database refuses is reported and dropped; the writes around it are saved",
          arguments: StoreKind.all)
    func refused(kind: StoreKind) async throws {
        let database = try kind.makeDatabase()
        let store = FlakyDataLayer(try await database.open())
        let outbox = Outbox(directory: TestDatabase.stateDirectory())
        let messages = Messages()
        let writer = StoreWriter(outbox: outbox, sharing: store, notify: messages.append) {
            () throws(ParleyError) -> any DataLayer in store
        }
        let before = ChatThread(id: ChainlitExchange.newID())
        let after = ChatThread(id: ChainlitExchange.newID())
        let orphan = steps(count: 1, thread: ChainlitExchange.newID())[0]
        // One burst, which the store refuses as a whole; then each change alone.
        writer.submit([.createThread(before), .upsertStep(orphan), .createThread(after)])
        await writer.finish()
        #expect(store.largestBurst == 3)
        #expect(try await outbox.pending().isEmpty)
        #expect(messages.all.count == 1)
        #expect(messages.all.first?.hasPrefix("could not save a change") == true)
        #expect(messages.dropped == messages.all, "a refused change is told as dropped")
        #expect(messages.hints == ["the rest of the chat is saved"])
        let layer = try await database.open()
        #expect(try await layer.thread(id: before.id) != nil)
        #expect(try await layer.thread(id: after.id) != nil)
        await layer.close()
        #expect(try database.rows("SELECT count(*) FROM steps").first?.int(0) == 0)
    }

    @Test("a torn last line from a write cut off by SIGKILL is ignored; whole lines are kept")
    func tornLine() async throws {
        let directory = TestDatabase.stateDirectory()
        let outbox = Outbox(directory: directory)
        try await outbox.append([.deleteThread(id: "a"), .deleteStep(id: "b")])
        let handle = try #require(FileHandle(forWritingAtPath: outbox.path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"deleteFeedback":{"id":"#.utf8))
        try handle.close()
        #expect(try await outbox.pending() == [.deleteThread(id: "a"), .deleteStep(id: "b")])
        let attributes = try FileManager.default.attributesOfItem(atPath: outbox.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test("handing a step to the writer does not wait for the database")
    func handOff() async throws {
        let database = try StoreKind.sqlite.makeDatabase()
        let writer = StoreWriter(outbox: Outbox(directory: TestDatabase.stateDirectory()), notify: { _ in }) {
            () throws(ParleyError) -> any DataLayer in try await Store.open(DatabaseURL(parsing: database.location))
        }
        let thread = ChatThread(id: ChainlitExchange.newID())
        let written = steps(count: 2000, thread: thread.id)
        writer.submit(.createThread(thread))
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            written.forEach { writer.submit(.upsertStep($0)) }
        }
        // Generous on purpose: this pins "does not wait", not a speed target (that is for Benchmarks/).
        #expect(elapsed < .milliseconds(500), "2000 hand-offs took \(elapsed)")
        await writer.finish()
        let layer = try await database.open()
        #expect(try await layer.thread(id: thread.id)?.steps.count == 2000)
        await layer.close()
    }
}
