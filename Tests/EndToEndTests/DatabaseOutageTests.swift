import Foundation
import Testing

/// PostgreSQL taken away and brought back behind a proxy: the chat goes on and nothing typed is lost.
@Suite("A database that goes away", .enabled(if: ChainlitPeer.available, ChainlitPeer.unavailableReason))
struct DatabaseOutageTests {
    /// A TCP proxy in front of the test server that can be stopped and started again on the same port.
    private final class Proxy {
        let port: Int
        let target: Int
        private var process: Process?
        private var input: Pipe?

        init(target: Int) throws {
            self.target = target
            let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(probe, $0, length) == 0 && getsockname(probe, $0, &length) == 0 }
            }
            port = Int(UInt16(bigEndian: address.sin_port))
            close(probe)
        }

        /// Starts forwarding; with `hold`, what parley sends is held back from the first statement that contains
        /// it until `release()`.
        func start(holdingAt hold: String? = nil) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Outage/tcp_proxy.py")
            process.arguments = ["python3", script.path, String(port), String(target)] + (hold.map { [$0] } ?? [])
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            _ = output.fileHandleForReading.availableData
            self.process = process
            self.input = input
        }

        func release() {
            try? input?.fileHandleForWriting.write(contentsOf: Data("release\n".utf8))
        }

        /// Closes the proxy's input, on which it exits (a signal could be blocked in a child of a test thread).
        func stop() {
            try? input?.fileHandleForWriting.close()
            process?.waitUntilExit()
            process = nil
            input = nil
        }

        deinit { stop() }
    }

    @Test("messages typed while PostgreSQL is away are answered, kept in the outbox, and saved when it is back")
    func outageAtStart() throws {
        let (database, proxy, proxied) = try databaseBehindProxy()
        let home = try ParleyBinary.makeHome()
        let arguments = ["--model", "m", "--database", proxied]
        let environment = ReplayServer.shared.environment(token: UUID().uuidString)

        try proxy.start()
        #expect(try PipedRun.run("Before the outage\n", arguments: arguments, home: home, environment: environment).status == 0)
        proxy.stop()
        let away = try PipedRun.run("During the outage\n", arguments: arguments, home: home, environment: environment)
        #expect(away.status == 0, "\(away.errors)")
        #expect(away.output == "Hello, wörld!\n")
        #expect(away.errors.contains("kept locally"))
        let outbox = try String(contentsOfFile: try outboxFile(home), encoding: .utf8)
        #expect(outbox.contains("During the outage"))

        try proxy.start()
        let back = try PipedRun.run("/history\n", arguments: arguments, home: home, environment: environment)
        #expect(back.status == 0, "\(back.errors)")
        #expect(back.output.contains("During the outage"))
        let saved = try ChainlitPeer.rows(database, #"SELECT output FROM steps WHERE type = 'user_message' ORDER BY "createdAt""#)
        #expect(saved == ["Before the outage", "During the outage"])
    }

    @Test("a PostgreSQL that stops answering counts as away after database_timeout; its writes wait in the outbox")
    func stalledServer() throws {
        let (database, proxy, proxied) = try databaseBehindProxy()
        let home = try ParleyBinary.makeHome()
        try home.writeConfig("database_timeout: 1\n")
        let arguments = ["--model", "m", "--database", proxied]
        let environment = ReplayServer.shared.environment(token: UUID().uuidString)
        try proxy.start(holdingAt: "stalled message")
        let run = try PipedRun.run("first message\nstalled message\nthird message\n", arguments: arguments,
                                   home: home, environment: environment)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output == String(repeating: "Hello, wörld!\n", count: 3))
        #expect(run.errors.contains("did not answer within 1 s"), "\(run.errors)")
        let outbox = try String(contentsOfFile: try outboxFile(home), encoding: .utf8)
        #expect(outbox.contains("stalled message") && outbox.contains("third message"))
        proxy.release()
        let back = try PipedRun.run("/history\n", arguments: arguments, home: home, environment: environment)
        #expect(back.status == 0, "\(back.errors)")
        let saved = try ChainlitPeer.rows(database, """
            SELECT output FROM steps WHERE type = 'user_message' ORDER BY "createdAt"
            """)
        #expect(saved == ["first message", "stalled message", "third message"])
    }

    @Test("a first chat from a new machine while PostgreSQL is away is kept, and saved under the person's id")
    func firstChatWhileAway() throws {
        let (database, proxy, proxied) = try databaseBehindProxy()
        let arguments = ["--model", "m", "--user", "ada", "--database", proxied]
        let environment = ReplayServer.shared.environment(token: UUID().uuidString)

        // Ada chats from one machine, so the database knows her; her new laptop has never reached it.
        try proxy.start()
        #expect(try PipedRun.run("From the desktop\n", arguments: arguments, home: try ParleyBinary.makeHome(),
                                 environment: environment).status == 0)
        proxy.stop()
        let laptop = try ParleyBinary.makeHome()
        let away = try PipedRun.run("From the laptop\n", arguments: arguments, home: laptop, environment: environment)
        #expect(away.status == 0, "\(away.errors)")
        #expect(away.output == "Hello, wörld!\n")
        #expect(away.errors.contains("kept locally"))

        try proxy.start()
        let back = try PipedRun.run("/history\n", arguments: arguments, home: laptop, environment: environment)
        #expect(back.status == 0, "\(back.errors)")
        #expect(back.output.contains("From the laptop") && back.output.contains("From the desktop"))
        let owners = try ChainlitPeer.rows(database, #"SELECT DISTINCT t."userId" = u.id FROM threads t JOIN users u ON u.identifier = 'ada'"#)
        #expect(owners == ["t"])
        #expect(try ChainlitPeer.rows(database, "SELECT count(*) FROM users") == ["1"])
    }

    @Test("with PostgreSQL away, once the prompt is back a SIGKILL loses nothing: it is in the outbox")
    func killWhileAway() throws {
        let (_, proxy, proxied) = try databaseBehindProxy()
        let home = try ParleyBinary.makeHome()
        let environment = ReplayServer.shared.environment(token: UUID().uuidString)
        try proxy.start()
        #expect(try PipedRun.run("First\n", arguments: ["--model", "m", "--database", proxied], home: home,
                                 environment: environment).status == 0)
        proxy.stop()
        let terminal = try PseudoTerminal(arguments: ["--model", "m", "--database", proxied], home: home,
                                          environment: environment)
        try terminal.expect("kept locally")
        try terminal.expect("› ")
        terminal.send("Keep this safe\r")
        try terminal.expect("Hello, wörld!")
        try terminal.expect("› ")
        kill(terminal.pid, SIGKILL)
        #expect(try terminal.waitForExit() == 128 + SIGKILL)
        let outbox = try String(contentsOfFile: try outboxFile(home), encoding: .utf8)
        #expect(outbox.contains("Keep this safe"))
        #expect(outbox.contains("Hello, wörld!"))
    }

    @Test("a message goes to the model without waiting for PostgreSQL to find the person; the chat is saved once it answers")
    func messageBeforeDatabase() throws {
        let (database, proxy, proxied) = try databaseBehindProxy()
        let home = try ParleyBinary.makeHome()
        // Brought to parley's schema directly, so that only the chat's own statements go through the proxy.
        #expect(try PipedRun.run("/help\n", arguments: ["--database", database], home: home).status == 0)
        // Whatever reads or creates the person's row waits until released.
        try proxy.start(holdingAt: "users")
        let terminal = try PseudoTerminal(arguments: ["--model", "m", "--user", "ada", "--database", proxied],
                                          home: home, environment: ReplayServer.shared.environment(token: UUID().uuidString))
        try terminal.expect("› ")
        terminal.send("Hello\r")
        try terminal.expect("Hello, wörld!")
        #expect(try ChainlitPeer.rows(database, "SELECT count(*) FROM steps") == ["0"])
        proxy.release()
        try terminal.expect("› ")
        terminal.send("\u{4}")
        #expect(try terminal.waitForExit() == 0)
        let saved = try ChainlitPeer.rows(database, #"SELECT s.type || '|' || coalesce(s.output, '') FROM steps s "#
            + #"JOIN threads t ON t.id = s."threadId" JOIN users u ON u.id = t."userId" AND u.identifier = 'ada' "#
            + #"ORDER BY s."createdAt""#)
        #expect(saved == ["user_message|Hello", "run|", "assistant_message|Hello, wörld!"])
    }

    @Test("a session holds one connection to PostgreSQL, for reading and for saving the chat")
    func oneConnection() throws {
        let database = try ChainlitPeer.freshDatabase()
        let name = try #require(database.split(separator: "/").last.map(String.init))
        let connections = #"SELECT count(*) FROM pg_stat_activity WHERE application_name = 'parley' AND datname = '"#
            + name + "'"
        let terminal = try PseudoTerminal(arguments: ["--model", "m", "--database", database],
                                          home: try ParleyBinary.makeHome(),
                                          environment: ReplayServer.shared.environment(token: UUID().uuidString))
        try terminal.expect("› ")
        terminal.send("/history\r")
        try terminal.expect("No chats yet")
        #expect(try ChainlitPeer.rows(database, connections) == ["1"])
        terminal.send("Hello\r")
        try terminal.expect("Hello, wörld!")
        try terminal.expect("› ")
        terminal.send("/history\r")
        try terminal.expect("2 messages")
        #expect(try ChainlitPeer.threadIds(database).count == 1)
        #expect(try ChainlitPeer.rows(database, connections) == ["1"])
        terminal.send("\u{4}")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test("a change PostgreSQL refuses is an error; the rest of the chat is saved and the script ends with status 7")
    func refusedChange() throws {
        let database = try ChainlitPeer.freshDatabase()
        let home = try ParleyBinary.makeHome()
        let environment = ReplayServer.shared.environment(token: UUID().uuidString)
        #expect(try PipedRun.run("/history\n", arguments: ["--database", database], home: home).status == 0)
        _ = try ChainlitPeer.rows(database, """
            ALTER TABLE steps ADD CONSTRAINT refuses_one CHECK (coalesce("output", '') NOT LIKE '%refuse me%')
            """)
        let run = try PipedRun.run("first message\nrefuse me please\nlast message\n",
                                   arguments: ["--model", "m", "--database", database], home: home,
                                   environment: environment)
        #expect(run.status == 7, "\(run.errors)")
        #expect(run.errors.contains("error: could not save a change"), "\(run.errors)")
        #expect(run.output == String(repeating: "Hello, wörld!\n", count: 3), "the chat went on")
        let saved = try ChainlitPeer.rows(database, """
            SELECT "output" FROM steps WHERE "type" = 'user_message' ORDER BY "createdAt"
            """)
        #expect(saved == ["first message", "last message"])
    }

    @Test("a wrong password is not an outage: parley stops with a clear error and keeps nothing aside")
    func wrongPassword() throws {
        let right = try #require(ProcessInfo.processInfo.environment["PARLEY_TEST_PASSWORD_URL"])
        let wrong = right.replacingOccurrences(of: "correct-horse-battery", with: "tr0ub4dor")
        let home = try ParleyBinary.makeHome()
        let run = try PipedRun.run("Hello\n", arguments: ["--model", "m", "--database", wrong], home: home,
                                   environment: ReplayServer.shared.environment(token: UUID().uuidString))
        #expect(run.status == 7)
        #expect(run.errors.contains("password authentication failed"))
        #expect(run.errors.contains("check the user name and password"))
        #expect(!run.errors.contains("tr0ub4dor") && !run.output.contains("Hello, wörld!"))
        #expect((try? outboxFile(home)) == nil)
        // A script with nothing in it still hears of it.
        let empty = try PipedRun.run("", arguments: ["--database", wrong], home: home)
        #expect(empty.status == 7 && empty.errors.contains("password authentication failed"), "\(empty.errors)")
    }

    /// A fresh database and a proxy in front of it, not started yet: the database's URL, the proxy, and the
    /// URL that goes through it.
    private func databaseBehindProxy() throws -> (direct: String, proxy: Proxy, proxied: String) {
        let database = try ChainlitPeer.freshDatabase()
        let serverPort = try #require(Int(database.split(separator: ":").last?.split(separator: "/").first ?? ""))
        let proxy = try Proxy(target: serverPort)
        return (database, proxy, database.replacingOccurrences(of: ":\(serverPort)/", with: ":\(proxy.port)/"))
    }

    /// The one outbox a test's parley kept (each database has its own directory).
    private func outboxFile(_ home: TestHome) throws -> String {
        let root = home.root + "/state/parley/outbox"
        let directories = try FileManager.default.contentsOfDirectory(atPath: root)
        let files = directories.map { root + "/" + $0 + "/outbox.jsonl" }.filter { FileManager.default.fileExists(atPath: $0) }
        return try #require(files.count == 1 ? files.first : nil, "one outbox, found \(files)")
    }
}
