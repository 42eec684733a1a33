import Foundation
import Glibc
import Testing

/// Whole chats through the built binary, against the replay server speaking OpenAI's wire format.
@Suite("Chatting through the binary")
struct ChatTests {
    private func environment(_ token: String, _ scenario: String = "ok") -> [String: String] {
        ReplayServer.shared.environment(token: token, scenario: scenario)
    }

    @Test("a piped message gets the answer alone on stdout, and the exchange is saved in Chainlit's shape")
    func pipedMessage() throws {
        let home = try ParleyBinary.makeHome()
        let token = UUID().uuidString
        let run = try PipedRun.run("Hi there\n", arguments: ["--model", "test-model"], home: home,
                                   environment: environment(token))
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output == "Hello, wörld!\n")
        let database = home.root + "/data/parley/parley.sqlite3"
        let steps = try sqliteRows(database, "SELECT type, name, output, parentId IS NULL FROM steps ORDER BY createdAt")
        #expect(steps == ["user_message|\(ProcessInfo.processInfo.userName)|Hi there|1", "run|on_message||0",
                          "assistant_message|Assistant|Hello, wörld!|0"])
        let threads = try sqliteRows(database, "SELECT name, userIdentifier FROM threads")
        #expect(threads == ["Hi there|\(ProcessInfo.processInfo.userName)"])
    }

    @Test("the second message carries the first exchange to the model")
    func context() throws {
        let home = try ParleyBinary.makeHome()
        let token = UUID().uuidString
        let run = try PipedRun.run("First question\nSecond question\n", arguments: ["--model", "test-model",
                                   "--system", "Be brief."], home: home, environment: environment(token))
        #expect(run.status == 0, "\(run.errors)")
        let requests = try ReplayServer.shared.chatRequests(token: token)
        #expect(requests.count == 2)
        let messages = (requests.last?["messages"] as? [[String: Any]] ?? []).map {
            "\($0["role"] ?? "")=\($0["content"] ?? "")"
        }
        #expect(messages == ["system=Be brief.", "user=First question", "assistant=Hello, wörld!",
                             "user=Second question"])
        #expect(requests.last?["model"] as? String == "test-model")
    }

    @Test("the next message goes over the connection the first one opened, also when the body ends late",
          arguments: ["ok", "late-end"])
    func connectionKept(scenario: String) throws {
        let home = try ParleyBinary.makeHome()
        let token = UUID().uuidString
        let run = try PipedRun.run("One\nTwo\nThree\n", arguments: ["--model", "m"], home: home,
                                   environment: environment(token, scenario))
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output == String(repeating: "Hello, wörld!\n", count: 3))
        let ports = try ReplayServer.shared.chatRequestPorts(token: token)
        #expect(ports.count == 3)
        #expect(Set(ports).count == 1, "\(ports)")
    }

    @Test("a body held open after the answer's end marker holds back neither the answer nor the next message")
    func bodyHeldOpen() throws {
        let home = try ParleyBinary.makeHome()
        let token = UUID().uuidString
        let run = try PipedRun.run("One\nTwo\n", arguments: ["--model", "m"], home: home,
                                   environment: environment(token, "hang-after-end"))
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output == "Hello, wörld!\nHello, wörld!\n")
        let ports = try ReplayServer.shared.chatRequestPorts(token: token)
        #expect(ports.count == 2 && ports[0] != ports[1], "the held connection is given up: \(ports)")
        let finish = try sqliteRows(home.root + "/data/parley/parley.sqlite3", """
            SELECT json_extract(generation, '$.finishReason') FROM steps WHERE type = 'assistant_message'
            """)
        #expect(finish == ["stop", "stop"])
    }

    @Test("--user names the person whose chat it is")
    func userOption() throws {
        let home = try ParleyBinary.makeHome()
        let run = try PipedRun.run("Hi\n", arguments: ["--model", "m", "--user", "ann@example.com"], home: home,
                                   environment: environment(UUID().uuidString))
        #expect(run.status == 0, "\(run.errors)")
        let users = try sqliteRows(home.root + "/data/parley/parley.sqlite3", "SELECT identifier FROM users")
        #expect(users == ["ann@example.com"])
    }

    @Test("a refused key is reported with the provider's words and exit status 3; the question is kept")
    func refusedKey() throws {
        let home = try ParleyBinary.makeHome()
        let run = try PipedRun.run("Hi\n", arguments: ["--model", "m"], home: home,
                                   environment: environment(UUID().uuidString, "error-openai-401"))
        #expect(run.status == 3)
        #expect(run.errors.contains("Incorrect API key provided"))
        #expect(!run.errors.contains("sk-test1234567890abcd"), "the key never appears")
        let steps = try sqliteRows(home.root + "/data/parley/parley.sqlite3",
                                   "SELECT type, isError FROM steps ORDER BY createdAt")
        #expect(steps == ["user_message|0", "run|0", "assistant_message|1"])
    }

    @Test("a provider's 500 is retried; one that persists is reported, the question is kept and the chat goes on")
    func serverError() throws {
        let home = try ParleyBinary.makeHome()
        let recovered = try PipedRun.run("Hi\n", arguments: ["--model", "m"], home: home,
                                         environment: environment(UUID().uuidString, "flaky-1-openai-500"))
        #expect(recovered.status == 0, "\(recovered.errors)")
        #expect(recovered.output == "Hello, wörld!\n")
        let token = UUID().uuidString
        let failed = try PipedRun.run("/new\nStill there?\n/history 1\n", arguments: ["--model", "m"], home: home,
                                      environment: environment(token, "error-openai-500"))
        #expect(failed.status == 1)
        #expect(failed.errors.contains("The server had an error while processing your request"), "\(failed.errors)")
        #expect(try ReplayServer.shared.chatRequests(token: token).count == 3, "the first try and two retries")
        #expect(failed.output.contains("Still there?"), "the chat is listed after the failure: \(failed.output)")
        let steps = try sqliteRows(home.root + "/data/parley/parley.sqlite3", """
            SELECT s.type, s.isError FROM steps s JOIN threads t ON t.id = s.threadId
            WHERE t.name = 'Still there?' ORDER BY s.createdAt
            """)
        #expect(steps == ["user_message|0", "run|0", "assistant_message|1"])
    }

    @Test("with no provider a message is a clear error, and commands still work")
    func noProvider() throws {
        let home = try ParleyBinary.makeHome()
        let run = try PipedRun.run("/help quit\nHi\n", home: home)
        #expect(run.output.contains("End the chat"))
        #expect(run.errors.contains("no provider is configured"))
        #expect(run.status == 9)
    }

    @Test("libcurl is opened by the first request and libpq never with SQLite, so starting stays light")
    func librariesOnDemand() throws {
        let home = try ParleyBinary.makeHome()
        let terminal = try PseudoTerminal(arguments: ["--model", "m"], home: home,
                                          environment: environment(UUID().uuidString))
        try terminal.expect("› ")
        // /proc files report no size, so they are read to their end rather than by length.
        func mappedFiles() throws -> String {
            let file = try #require(FileHandle(forReadingAtPath: "/proc/\(terminal.pid)/maps"))
            defer { try? file.close() }
            return String(decoding: file.readDataToEndOfFile(), as: UTF8.self)
        }
        let atPrompt = try mappedFiles()
        #expect(atPrompt.contains("libsqlite3"))
        #expect(!atPrompt.contains("libcurl") && !atPrompt.contains("libpq"))
        terminal.send("Hello\r")
        try terminal.expect("Hello, wörld!")
        try terminal.expect("› ")
        let afterAnswer = try mappedFiles()
        #expect(afterAnswer.contains("libcurl.so.4") && !afterAnswer.contains("libpq"))
        terminal.send("\u{4}")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test("/search on a terminal shows the matching words bold, and brackets in the text as they are")
    func searchHighlight() throws {
        let home = try ParleyBinary.makeHome()
        var variables = environment(UUID().uuidString)
        variables["NO_COLOR"] = ""
        let terminal = try PseudoTerminal(arguments: ["--model", "m"], home: home, environment: variables)
        let prompt = "\u{1B}[36m›\u{1B}[0m "
        try terminal.expect(prompt)
        terminal.send("zebras [have] stripes\r")
        try terminal.expect("wörld!")
        try terminal.expect(prompt)
        terminal.send("/search zebras\r")
        let shown = try terminal.expect("/resume ID")
        #expect(shown.contains("\u{1B}[1mzebras\u{1B}[0m [have] stripes"), "\(shown.debugDescription)")
        try terminal.expect(prompt)
        terminal.send("\u{4}")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test("Ctrl-C in the middle of an answer stops it, keeps what came, and the chat goes on")
    func interruptAnswer() throws {
        let home = try ParleyBinary.makeHome()
        let token = UUID().uuidString
        let terminal = try PseudoTerminal(arguments: ["--model", "m"], home: home,
                                          environment: environment(token, "hang-mid"))
        try terminal.expect("› ")
        terminal.send("Tell me\r")
        try terminal.expect("Hel")
        terminal.send("\u{3}")
        try terminal.expect("[interrupted")
        try terminal.expect("› ")
        terminal.send("\u{4}")
        #expect(try terminal.waitForExit() == 0)
        let rows = try sqliteRows(home.root + "/data/parley/parley.sqlite3",
                                  "SELECT output, json_extract(metadata, '$.interrupted') FROM steps WHERE type = 'assistant_message'")
        #expect(rows == ["Hel|1"])
    }

    @Test("reasoning is shown dimmed on a terminal, hidden by setting, and never goes into a pipe")
    func reasoning() throws {
        let home = try ParleyBinary.makeHome()
        let shown = try PseudoTerminal(arguments: ["--model", "m"], home: home,
                                       environment: environment(UUID().uuidString, "reasoning"))
        try shown.expect("› ")
        shown.send("Think first\r")
        let answer = try shown.expect("Hello, wörld!")
        #expect(answer.contains("Thinking."))
        try home.writeConfig("reasoning: hide\n")
        let hidden = try PseudoTerminal(arguments: ["--model", "m"], home: home,
                                        environment: environment(UUID().uuidString, "reasoning"))
        try hidden.expect("› ")
        hidden.send("Think first\r")
        #expect(!(try hidden.expect("Hello, wörld!")).contains("Thinking."))
        let piped = try PipedRun.run("Think first\n", arguments: ["--model", "m"], home: home,
                                     environment: environment(UUID().uuidString, "reasoning"))
        #expect(piped.output == "Hello, wörld!\n")
        let kept = try sqliteRows(home.root + "/data/parley/parley.sqlite3",
                                  "SELECT DISTINCT json_extract(metadata, '$.reasoning') FROM steps WHERE type = 'assistant_message'")
        #expect(kept == ["Thinking."], "the reasoning is kept with the answer either way")
    }

    @Test("thinking cut off by an error ends its dim style, so the error is shown in its own colour")
    func reasoningThenError() throws {
        let home = try ParleyBinary.makeHome()
        var variables = environment(UUID().uuidString, "reasoning-cut")
        variables["NO_COLOR"] = ""
        let terminal = try PseudoTerminal(arguments: ["--model", "m"], home: home, environment: variables)
        try terminal.expect("\u{1B}[0m ")
        terminal.send("Think first\r")
        let shown = try terminal.expect("try again")
        let thinking = try #require(shown.range(of: "Thinking."))
        let error = try #require(shown.range(of: "error:"))
        #expect(shown[thinking.upperBound..<error.lowerBound].contains("\u{1B}[0m"), "\(shown.debugDescription)")
    }

    @Test("in a script, an answer a filter stopped says so on standard error; standard output keeps the answer alone")
    func filteredInScript() throws {
        let home = try ParleyBinary.makeHome()
        let base = "http://127.0.0.1:\(ReplayServer.shared.port)/t/\(UUID().uuidString)/blocked"
        try home.writeConfig("providers:\n  - {name: g, kind: gemini, base_url: \"\(base)\", api_key_env: G_KEY}\n")
        let run = try PipedRun.run("hi\n", home: home, environment: ["G_KEY": "AIza-test"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.isEmpty)
        #expect(run.errors.contains("warning: the answer was stopped by a filter:"), "\(run.errors)")
    }

    @Test("once the prompt is back, a SIGKILL loses nothing of the answer before it")
    func killAfterAnswer() throws {
        let home = try ParleyBinary.makeHome()
        let terminal = try PseudoTerminal(arguments: ["--model", "m"], home: home,
                                          environment: environment(UUID().uuidString))
        try terminal.expect("› ")
        terminal.send("Remember this\r")
        try terminal.expect("Hello, wörld!")
        try terminal.expect("› ")
        kill(terminal.pid, SIGKILL)
        #expect(try terminal.waitForExit() == 128 + SIGKILL)
        let rows = try sqliteRows(home.root + "/data/parley/parley.sqlite3",
                                  "SELECT type, output, streaming FROM steps ORDER BY createdAt")
        #expect(rows == ["user_message|Remember this|0", "run||0", "assistant_message|Hello, wörld!|0"])
    }
}
