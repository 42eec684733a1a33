import Foundation
import ParleyCore
import Testing
@testable import ParleyStore

@Suite("PostgreSQL outages", .enabled(if: TestPostgres.enabled, TestPostgres.reason))
struct PostgresOutageTests {
    @Test("stopping the server mid-run and starting it again leaves every step in the database once, in order")
    func serverRestart() async throws {
        let cluster = try PrivateCluster.make()
        defer { cluster.destroy() }
        let url = try DatabaseURL(parsing: cluster.url)
        let setup = try await Store.open(url)
        let user = try await setup.createUser(User(id: ChainlitExchange.newID(), identifier: "ann"))
        await setup.close()
        let outbox = Outbox(directory: cluster.directory + "/state")
        let messages = Messages()
        let writer = StoreWriter(outbox: outbox, retryInterval: .milliseconds(50), notify: messages.append) {
            () throws(ParleyError) -> any DataLayer in try await Store.open(url)
        }
        let thread = ChatThread(id: ChainlitExchange.newID(), userId: user.id)
        writer.submit(.createThread(thread))
        var written: [Step] = []
        for index in 0..<60 {
            if index == 20 {
                await writer.flush()
                try cluster.stop()
            }
            if index == 45 {
                await writer.flush()
                #expect(try await outbox.pending().count == 25)
                try cluster.start()
            }
            let step = Step(id: ChainlitExchange.newID(), threadId: thread.id, name: "ann", type: .userMessage,
                            output: "message \(index)", createdAt: Timestamp.now())
            written.append(step)
            writer.submit(.upsertStep(step))
        }
        await writer.flush()
        for _ in 0..<500 where try await !outbox.pending().isEmpty {
            try await Task.sleep(for: .milliseconds(20))
        }
        await writer.finish()
        #expect(try await outbox.pending().isEmpty)
        let layer = try await Store.open(url)
        let stored = try await layer.thread(id: thread.id)?.steps ?? []
        #expect(stored.map(\.output) == written.map(\.output))
        #expect(stored == written)
        await layer.close()
        #expect(messages.all.filter { $0.contains("will be saved when it is back") }.count == 1)
        // The 25 changes made while it was down are replayed, with those made just after it came back if the
        // writer had not reconnected yet when they were handed over.
        let back = try #require(messages.all.last)
        let saved = back.hasPrefix("the database is back: ") && back.hasSuffix(" changes kept locally are saved")
            ? Int(back.dropFirst("the database is back: ".count).prefix { $0.isNumber }) : nil
        #expect(saved.map { (25...40).contains($0) } == true, "\(back)")
    }
}
