import Foundation
import Glibc
import Testing

/// A person's whole session through a terminal, on each store, then a second process that takes the chat up.
@Suite("A whole session at the terminal")
struct WholeSessionTests {
    @Test("on SQLite: send, Ctrl-C mid-answer, /feedback, /history, /new, /resume; a second process resumes it")
    func sessionOnSQLite() throws {
        let home = try ParleyBinary.makeHome()
        let database = home.root + "/data/parley/parley.sqlite3"
        try session(home: home, storeArguments: []) { try sqliteRows(database, $0) }
    }

    @Test("on PostgreSQL: the same session, and Chainlit's data layer sees the same exchanges and feedback",
          .enabled(if: ChainlitPeer.available, ChainlitPeer.unavailableReason))
    func sessionOnPostgres() throws {
        let home = try ParleyBinary.makeHome()
        let database = try ChainlitPeer.freshDatabase()
        try session(home: home, storeArguments: ["--database", database]) { try ChainlitPeer.rows(database, $0) }
        #expect(!FileManager.default.fileExists(atPath: home.root + "/data/parley/parley.sqlite3"))
        let thread = try #require(try ChainlitPeer.rows(database, """
            SELECT "id" FROM threads WHERE "name" = 'Tell me a story'
            """).first)
        let seen = try ChainlitPeer.read(database, user: "ann", thread: thread)
        let memory = (seen["memory"] as? [[String: Any]] ?? []).map { "\($0["type"] ?? "")=\($0["output"] ?? "")" }
        #expect(memory == ["user_message=Tell me a story", "assistant_message=Hel", "user_message=Go on",
                           "assistant_message=Hello, wörld!", "user_message=The end?",
                           "assistant_message=Hello, wörld!"])
        let steps = (seen["thread"] as? [String: Any])?["steps"] as? [[String: Any]] ?? []
        let feedback = steps.compactMap { $0["feedback"] as? [String: Any] }
        #expect(feedback.map { "\($0["value"] ?? "")|\($0["comment"] ?? "")" } == ["1|lovely"])
    }

    @Test("SIGTERM in the middle of an answer keeps what came, restores the terminal and exits 143")
    func terminateMidAnswer() throws {
        let home = try ParleyBinary.makeHome()
        let terminal = try PseudoTerminal(arguments: ["--model", "m"], home: home,
                                          environment: ReplayServer.shared.environment(token: UUID().uuidString,
                                                                                       scenario: "hang-mid"))
        let before = terminal.localModes
        try terminal.expect("› ")
        terminal.send("Tell me\r")
        try terminal.expect("Hel")
        kill(terminal.pid, SIGTERM)
        #expect(try terminal.waitForExit() == 143)
        #expect(terminal.localModes == before)
        let rows = try sqliteRows(home.root + "/data/parley/parley.sqlite3",
                                  "SELECT type, output, streaming FROM steps ORDER BY createdAt")
        #expect(rows == ["user_message|Tell me|0", "run||0", "assistant_message|Hel|0"])
    }

    @Test("/delete on a terminal asks first: anything but yes, or Ctrl-C, keeps the chat; answers are not kept")
    func deleteAsks() throws {
        let home = try ParleyBinary.makeHome()
        let terminal = try PseudoTerminal(arguments: ["--model", "m"], home: home,
                                          environment: ReplayServer.shared.environment(token: UUID().uuidString))
        let database = home.root + "/data/parley/parley.sqlite3"
        try terminal.expect("› ")
        terminal.send("Keep me\r")
        try terminal.expect("Hello, wörld!")
        try terminal.expect("› ")
        terminal.send("/delete\r")
        try terminal.expect("Delete \"Keep me\" and its 2 messages? [y/N] ")
        terminal.send("\r")
        try terminal.expect("Kept.")
        #expect(try sqliteRows(database, "SELECT name FROM threads") == ["Keep me"])
        terminal.send("/delete\r")
        try terminal.expect("[y/N] ")
        terminal.send("\u{3}")
        try terminal.expect("stopped; nothing was changed")
        try terminal.expect("› ")
        #expect(try sqliteRows(database, "SELECT name FROM threads") == ["Keep me"], "Ctrl-C kept the chat")
        terminal.send("/delete\r")
        try terminal.expect("[y/N] ")
        terminal.send("y\r")
        try terminal.expect("Deleted \"Keep me\".")
        try terminal.expect("› ")
        #expect(try sqliteRows(database, "SELECT count(*) FROM threads") == ["0"])
        #expect(try sqliteRows(database, "SELECT count(*) FROM steps") == ["0"])
        terminal.send("\u{4}")
        #expect(try terminal.waitForExit() == 0)
        let history = try String(contentsOfFile: home.historyFile, encoding: .utf8)
        #expect(history.contains("/delete") && !history.contains("\ny\n"), "answers are not kept: \(history)")
    }

    @Test("/model, /provider and /help complete from what /provider refresh listed, also in the next session")
    func modelCompletion() throws {
        let home = try ParleyBinary.makeHome()
        let environment = ReplayServer.shared.environment(token: UUID().uuidString)
        let first = try PseudoTerminal(home: home, environment: environment)
        try first.expect("› ")
        first.send("/provider refresh\r")
        try first.expect("2 models: gpt-4o, gpt-4o-mini")
        try first.expect("› ")
        first.send("/model gpt-4o-\t")
        try first.expectOnScreen("› /model gpt-4o-mini")
        first.send("\r")
        try first.expect("› ")
        first.send("\u{4}")
        #expect(try first.waitForExit() == 0)
        let second = try PseudoTerminal(home: home, environment: environment)
        try second.expect("› ")
        second.send("/model gpt-4o-\t")
        try second.expectOnScreen("› /model gpt-4o-mini")
        second.send("\r")
        try second.expect("› ")
        // Provider names, and the named provider's models, complete too; so does a command named with its slash.
        second.send("/provider use op\t")
        try second.expectOnScreen("› /provider use openai")
        second.send("gpt-4o-\t")
        try second.expectOnScreen("› /provider use openai gpt-4o-mini")
        second.send("\r")
        try second.expect("Now using openai: gpt-4o-mini.")
        try second.expect("› ")
        second.send("/help /mo\t")
        try second.expectOnScreen("› /help /model")
        second.send("\r")
        try second.expect("› ")
        second.send("\u{4}")
        #expect(try second.waitForExit() == 0)
    }

    /// The session itself; `rows` reads the store it ran on.
    private func session(home: TestHome, storeArguments: [String], rows: (String) throws -> [String]) throws {
        let token = UUID().uuidString
        // Only the first answer hangs, to be interrupted; the server answers every later request.
        let environment = ReplayServer.shared.environment(token: token, scenario: "first-hang-mid")
        let arguments = ["--model", "m", "--user", "ann"] + storeArguments
        let first = try PseudoTerminal(arguments: arguments, home: home, environment: environment)
        try first.expect("› ")
        first.send("Tell me a story\r")
        try first.expect("Hel")
        first.send("\u{3}")
        try first.expect("[interrupted")
        try first.expect("› ")
        first.send("Go on\r")
        try first.expect("Hello, wörld!")
        try first.expect("› ")
        first.send("/feedback up lovely\r")
        try first.expect("feedback saved")
        first.send("/history\r")
        let listing = try first.expect("/resume N takes a chat up again")
        #expect(listing.contains("Tell me a story"))
        #expect(listing.contains("4 messages · 1 rated up"), "\(listing)")
        first.send("/new\r")
        try first.expect("New chat.")
        first.send("Another topic\r")
        try first.expect("Hello, wörld!")
        try first.expect("› ")
        first.send("/history\r")
        try first.expect("/resume N takes a chat up again")
        first.send("/resume 2\r")
        let recap = try first.expect("[rated up: lovely]")
        #expect(recap.contains("Resumed: Tell me a story"))
        #expect(recap.contains("Hel [interrupted]"))
        try first.expect("› ")
        first.send("\u{4}")
        #expect(try first.waitForExit() == 0)

        let second = try PseudoTerminal(arguments: arguments, home: home, environment: environment)
        try second.expect("› ")
        second.send("/history\r")
        try second.expect("/resume N takes a chat up again")
        second.send("/resume 2\r")
        try second.expect("Resumed: Tell me a story")
        try second.expect("› ")
        second.send("The end?\r")
        try second.expect("Hello, wörld!")
        try second.expect("› ")
        second.send("\u{4}")
        #expect(try second.waitForExit() == 0)

        let messages = try ReplayServer.shared.chatRequests(token: token).last?["messages"] as? [[String: Any]] ?? []
        #expect(messages.map { "\($0["role"] ?? "")=\($0["content"] ?? "")" } == [
            "user=Tell me a story", "assistant=Hel", "user=Go on", "assistant=Hello, wörld!", "user=The end?",
        ], "the second process sends the whole earlier conversation, the interrupted answer as it was")
        #expect(try rows("""
            SELECT t."name", count(*) FROM threads t JOIN steps s ON s."threadId" = t."id"
            WHERE s."type" = 'user_message' GROUP BY t."name" ORDER BY t."name"
            """) == ["Another topic|1", "Tell me a story|3"])
        #expect(try rows("""
            SELECT f."value", f."comment", s."type" FROM feedbacks f JOIN steps s ON s."id" = f."forId"
            """) == ["1|lovely|run"])
    }
}
