import Foundation
import Testing

/// parley and Chainlit's own data layer on one PostgreSQL database: each reads what the other wrote.
@Suite("Sharing chats with Chainlit's web app", .enabled(if: ChainlitPeer.available, ChainlitPeer.unavailableReason))
struct ChainlitCompatibilityTests {
    @Test("Chainlit opens parley's chat and sees the same exchanges, feedback and sidebar entry")
    func chainlitReadsParley() throws {
        let database = try ChainlitPeer.freshDatabase()
        let home = try ParleyBinary.makeHome()
        let token = UUID().uuidString
        let run = try PipedRun.run("What is two plus two?\n/feedback up right\nAnd three plus three?\n",
                                   arguments: ["--model", "m", "--user", "bob", "--database", database], home: home,
                                   environment: ReplayServer.shared.environment(token: token))
        #expect(run.status == 0, "\(run.errors)")
        let thread = try #require(try ChainlitPeer.threadIds(database).first)
        let seen = try ChainlitPeer.read(database, user: "bob", thread: thread)
        #expect((seen["user"] as? [String: Any])?["identifier"] as? String == "bob")
        let sidebar = seen["sidebar"] as? [[String: Any]] ?? []
        #expect(sidebar.map { $0["name"] as? String } == ["What is two plus two?"])
        let drawn = (seen["drawn"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
        #expect(drawn == ["user_message", "run", "assistant_message", "user_message", "run", "assistant_message"],
                "every step's parent is drawn before it, so the web app drops none")
        let memory = (seen["memory"] as? [[String: Any]] ?? []).map { "\($0["type"] ?? "")=\($0["output"] ?? "")" }
        #expect(memory == ["user_message=What is two plus two?", "assistant_message=Hello, wörld!",
                           "user_message=And three plus three?", "assistant_message=Hello, wörld!"])
        let steps = (seen["thread"] as? [String: Any])?["steps"] as? [[String: Any]] ?? []
        let feedback = steps.compactMap { $0["feedback"] as? [String: Any] }
        #expect(feedback.count == 1)
        #expect(feedback.first?["value"] as? Int == 1)
        #expect(feedback.first?["comment"] as? String == "right")
        #expect(steps.first { $0["feedback"] is [String: Any] }?["type"] as? String == "run")
    }

    @Test("a session on PostgreSQL keeps its rows there, and /settings hides the database password")
    func postgresSession() throws {
        let database = try ChainlitPeer.freshDatabase()
        let withPassword = database.replacingOccurrences(of: "postgres@", with: "postgres:hunter2@")
        let home = try ParleyBinary.makeHome()
        let run = try PipedRun.run("Hello\n/settings\n", arguments: ["--model", "m", "--database", withPassword],
                                   home: home, environment: ReplayServer.shared.environment(token: UUID().uuidString))
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("postgres:***@"))
        #expect(!run.output.contains("hunter2"))
        #expect(!FileManager.default.fileExists(atPath: home.root + "/data/parley/parley.sqlite3"))
        let steps = try ChainlitPeer.rows(database, #"SELECT type FROM steps ORDER BY "createdAt""#)
        #expect(steps == ["user_message", "run", "assistant_message"])
    }

    @Test("parley migrate --rls applies row-level security on PostgreSQL and refuses it on SQLite")
    func migrateRowLevelSecurity() throws {
        let database = try ChainlitPeer.freshDatabase()
        let home = try ParleyBinary.makeHome()
        let run = try PipedRun.run("", arguments: ["migrate", "--rls", "--database", database], home: home)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("row-level security applied"))
        let secured = try ChainlitPeer.rows(database, """
            SELECT relname FROM pg_class WHERE relrowsecurity AND relname IN ('threads', 'steps') ORDER BY relname
            """)
        #expect(secured == ["steps", "threads"])
        let sqlite = try PipedRun.run("", arguments: ["migrate", "--rls"], home: home)
        #expect(sqlite.status == 2)
        #expect(sqlite.errors.contains("row-level security is PostgreSQL's"))
    }

    @Test("parley resumes a chat Chainlit wrote and sends its whole conversation")
    func parleyResumesChainlit() throws {
        let database = try ChainlitPeer.freshDatabase()
        let home = try ParleyBinary.makeHome()
        // parley creates its tables first, as it would in a shared deployment; Chainlit then writes into them.
        #expect(try PipedRun.run("/history\n", arguments: ["--database", database, "--user", "alice"], home: home).status == 0)
        let written = try ChainlitPeer.write(database, user: "alice")
        let thread = try #require(written["thread"] as? String)
        let token = UUID().uuidString
        let run = try PipedRun.run("/resume \(thread)\nAnd three plus three?\n",
                                   arguments: ["--model", "m", "--user", "alice", "--database", database], home: home,
                                   environment: ReplayServer.shared.environment(token: token))
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("Resumed: Written by Chainlit"))
        let messages = try ReplayServer.shared.chatRequests(token: token).last?["messages"] as? [[String: Any]] ?? []
        #expect(messages.map { "\($0["role"] ?? "")=\($0["content"] ?? "")" } == [
            "user=What is two plus two?", "assistant=Four.", "user=And three plus three?",
        ])
    }
}

/// Chainlit's data layer in the virtual environment `make test` prepares, and a PostgreSQL server to share.
enum ChainlitPeer {
    static let python = ProcessInfo.processInfo.environment["PARLEY_TEST_CHAINLIT_PYTHON"] ?? ""
    static let serverURL = ProcessInfo.processInfo.environment["PARLEY_TEST_DATABASE_URL"] ?? ""

    static var available: Bool {
        let ready = FileManager.default.isExecutableFile(atPath: python) && !serverURL.isEmpty
        // Where the suite must be complete, a missing peer fails the run instead of skipping it.
        return ready || ProcessInfo.processInfo.environment["CI"] != nil
    }

    static let unavailableReason: Comment =
        "needs PARLEY_TEST_CHAINLIT_PYTHON and PARLEY_TEST_DATABASE_URL (make test provides both)"

    private static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Chainlit/chainlit_peer.py").path
    }

    /// A new, empty database on the test server; its URL.
    static func freshDatabase() throws -> String {
        guard !serverURL.isEmpty else { throw PeerFailure(message: "PARLEY_TEST_DATABASE_URL is not set") }
        let name = "parley_e2e_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        _ = try run("/usr/bin/env", ["psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", serverURL, "-c", "CREATE DATABASE \(name)"])
        guard let slash = serverURL.lastIndex(of: "/") else { throw PeerFailure(message: "odd URL \(serverURL)") }
        return serverURL[...slash] + name
    }

    static func threadIds(_ database: String) throws -> [String] {
        try rows(database, "SELECT id FROM threads")
    }

    /// The rows of `query`, one line each, read with psql.
    static func rows(_ database: String, _ query: String) throws -> [String] {
        let output = try run("/usr/bin/env", ["psql", "-X", "-At", database, "-c", query])
        return output.split(separator: "\n").map(String.init)
    }

    static func read(_ database: String, user: String, thread: String) throws -> [String: Any] {
        try json(python(["read", database, user, thread]))
    }

    static func write(_ database: String, user: String) throws -> [String: Any] {
        try json(python(["write", database, user]))
    }

    private static func python(_ arguments: [String]) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw PeerFailure(message: "no Chainlit environment at \(python): run the tests with make test")
        }
        return try run(python, [script] + arguments)
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "DATABASE_URL")
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PeerFailure(message: "\(executable) \(arguments.prefix(2)) failed: \(errorText)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func json(_ text: String) throws -> [String: Any] {
        let line = text.split(separator: "\n").last.map(String.init) ?? ""
        return try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
    }

    struct PeerFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
