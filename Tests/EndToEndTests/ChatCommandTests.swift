import Foundation
import Testing

/// The chat commands through the built binary: every success and failure path, checked on what the model was
/// sent and what the store holds.
@Suite("Chat commands")
struct ChatCommandTests {
    private struct Chat {
        let home: TestHome
        let token = UUID().uuidString

        var database: String { home.root + "/data/parley/parley.sqlite3" }

        func run(_ script: String, _ arguments: [String] = [], scenario: String = "ok") throws -> PipedRun {
            try PipedRun.run(script, arguments: ["--model", "test-model"] + arguments, home: home,
                             environment: ReplayServer.shared.environment(token: token, scenario: scenario))
        }

        /// What the model was sent last, as "role=content" lines.
        func lastRequest() throws -> [String] {
            let messages = try ReplayServer.shared.chatRequests(token: token).last?["messages"] as? [[String: Any]] ?? []
            return messages.map { "\($0["role"] ?? "")=\($0["content"] ?? "")" }
        }
    }

    private func chat() throws -> Chat { Chat(home: try ParleyBinary.makeHome()) }

    @Test("/new, /history and /resume: the resumed chat's context goes to the model, the other's does not")
    func newHistoryResume() throws {
        let chat = try chat()
        let run = try chat.run("First question\n/new\nSecond question\n/history\n/resume 2\nThird question\n")
        #expect(run.status == 0, "\(run.errors)")
        let listing = run.output.components(separatedBy: "\n").filter { $0.contains("question") && !$0.contains("Hello") }
        #expect(listing.first?.hasPrefix("*1") == true, "the current chat is first and marked: \(listing)")
        #expect(listing.first?.contains("Second question") == true)
        #expect(listing.dropFirst().first?.contains("2   First question") == true)
        #expect(run.output.contains("2 messages"), "each chat shows how many messages it holds")
        #expect(run.output.contains("Resumed: First question"))
        #expect(try chat.lastRequest() == ["user=First question", "assistant=Hello, wörld!", "user=Third question"])
    }

    @Test("a second process resumes by id prefix and sends the whole earlier conversation")
    func resumeInAnotherProcess() throws {
        let chat = try chat()
        #expect(try chat.run("One\nTwo\n").status == 0)
        let id = try #require(try sqliteRows(chat.database, "SELECT id FROM threads").first)
        let run = try chat.run("/resume \(id.prefix(8))\nThree\n")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("you: One"))
        #expect(try chat.lastRequest() == ["user=One", "assistant=Hello, wörld!", "user=Two", "assistant=Hello, wörld!",
                                           "user=Three"])
    }

    @Test("/history with words keeps the chats that contain them; next pages on")
    func historyFilterAndPaging() throws {
        let chat = try chat()
        let run = try chat.run("apples and pears\n/new\nplums\n/new\ncherries\n/history apples\n/history 1\n/history next\n")
        #expect(run.status == 0, "\(run.errors)")
        let lines = run.output.components(separatedBy: "\n")
        let filtered = lines.drop { !$0.contains("apples and pears") }
        #expect(filtered.first?.contains("1   apples and pears") == true)
        #expect(lines.contains { $0.contains("1   cherries") })
        #expect(lines.contains { $0.contains("2   plums") }, "next continues the numbering")
        #expect(!lines.contains { $0.contains("3   apples and pears") }, "next keeps the page size of 1")
    }

    @Test("/feedback stores Chainlit's thumbs on the exchange's run step, shown by /history and on resume")
    func feedback() throws {
        let chat = try chat()
        #expect(try chat.run("Hi\n/feedback down too cheerful\nAgain\n/feedback up\n").status == 0)
        let rows = try sqliteRows(chat.database, """
            SELECT f.value, f.comment, s.type FROM feedbacks f JOIN steps s ON s.id = f.forId ORDER BY f.value
            """)
        #expect(rows == ["0|too cheerful|run", "1||run"])
        let shown = try chat.run("/history\n/resume 1\n")
        #expect(shown.status == 0, "\(shown.errors)")
        #expect(shown.output.contains("4 messages · 1 rated up · 1 rated down"), "\(shown.output)")
        let answers = shown.output.components(separatedBy: "\n").filter { $0.hasPrefix("Assistant:") }
        #expect(answers == ["Assistant: Hello, wörld! [rated down: too cheerful]",
                            "Assistant: Hello, wörld! [rated up]"])
    }

    @Test("a second /feedback on an answer replaces the first, also after a resume: one rating per answer")
    func feedbackReplaced() throws {
        let chat = try chat()
        let run = try chat.run("rate me\n/feedback up great\n/feedback down actually bad\n/history\n")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("2 messages · 1 rated down\n"), "\(run.output)")
        #expect(try sqliteRows(chat.database, "SELECT value, comment FROM feedbacks") == ["0|actually bad"])
        let id = try #require(try sqliteRows(chat.database, "SELECT id FROM threads").first)
        #expect(try chat.run("/resume \(id)\n/feedback up\n").status == 0)
        #expect(try sqliteRows(chat.database, "SELECT value, comment FROM feedbacks") == ["1|"])
    }

    @Test("/model and /system change what the next message is sent with")
    func modelAndSystem() throws {
        let chat = try chat()
        let run = try chat.run("/model other-model\n/system Answer in French.\n/system\nHi\n/model\n/system off\nAgain\n")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("Answer in French."))
        #expect(run.output.contains("openai: other-model"))
        let requests = try ReplayServer.shared.chatRequests(token: chat.token)
        #expect(requests.map { $0["model"] as? String } == ["other-model", "other-model"])
        let firstRoles = (requests.first?["messages"] as? [[String: Any]])?.compactMap { $0["role"] as? String }
        #expect(firstRoles == ["system", "user"])
        #expect(try chat.lastRequest().first == "user=Hi", "no system prompt after /system off")
    }

    @Test("commands used wrongly fail with a usage error and the script's status", arguments: [
        ("/feedback up\n", "no answer to give feedback on"),
        ("Hi\n/feedback maybe\n", "/feedback needs up or down"),
        ("/resume 3\n", "no chat numbered 3 was listed"),
        ("/resume deadbeef\n", "no chat of yours has an id starting with deadbeef"),
        ("/resume\n", "/resume takes one chat number or id"),
        ("/history next\n", "no more chats to list"),
        ("/new now\n", "/new takes no arguments"),
        ("/model a b\n", "/model takes one model name"),
        ("/rename\n", "/rename needs a name"),
        ("/rename x\n", "no chat to rename yet"),
        ("/delete\n", "no current chat to delete"),
        ("/export\n", "no chat to export yet"),
        ("/search\n", "/search needs words"),
        ("/retry\n", "no answer to retry yet"),
        ("/provider frob\n", "/provider has no action \"frob\""),
        ("/provider use\n", "usage: /provider use NAME [MODEL]"),
        ("/provider use nobody\n", "there is no provider \"nobody\""),
    ])
    func misuse(script: String, message: String) throws {
        let run = try chat().run(script)
        #expect(run.errors.contains(message), "\(run.errors)")
        #expect(run.status == 2)
    }

    @Test("commands that take text take it as typed: apostrophes and a quote left open are the person's words")
    func quotesInText() throws {
        let chat = try chat()
        let run = try chat.run("""
            hi
            /system You're terse, "very
            /rename Bob's chat
            /feedback up it's fine
            /search don't
            again
            /attach 'open
            """)
        #expect(run.status == 2, "\(run.errors)")
        #expect(run.errors.components(separatedBy: "error:").count == 2, "only /attach fails: \(run.errors)")
        #expect(run.errors.contains("line 7: the argument opened with ' is never closed"), "\(run.errors)")
        #expect(try chat.lastRequest().first == "system=You're terse, \"very")
        #expect(try sqliteRows(chat.database, "SELECT name FROM threads") == ["Bob's chat"])
        #expect(try sqliteRows(chat.database, "SELECT comment FROM feedbacks") == ["it's fine"])
    }

    @Test("/history with no chats says so")
    func emptyHistory() throws {
        let run = try chat().run("/history\n")
        #expect(run.status == 0)
        #expect(run.output.contains("No chats yet"))
    }

    @Test("/settings shows what is in use and never the key")
    func settings() throws {
        let chat = try chat()
        let run = try chat.run("Hi\n/settings\n", ["--user", "carol"])
        #expect(run.status == 0, "\(run.errors)")
        for expected in ["provider:", "openai", "model:", "test-model", "user:", "carol", "chat:", "Hi (",
                         "database:", chat.database, "outbox:", "0 writes"] {
            #expect(run.output.contains(expected), "missing \(expected)")
        }
        #expect(!run.output.contains("sk-test1234567890abcd"))
    }

    @Test("/search finds messages across chats with the words in context")
    func search() throws {
        let chat = try chat()
        let run = try chat.run("tell me about zebras\n/new\nand giraffes\n/search zebras\n/search unicorns\n")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("tell me about zebras"))
        #expect(run.output.contains("[zebras]") || run.output.contains("zebras"))
        #expect(!run.output.contains("and giraffes\n          "), "the other chat does not match")
        #expect(run.output.contains("Nothing matches \"unicorns\""))
    }

    @Test("/rename renames the chat in the store")
    func rename() throws {
        let chat = try chat()
        #expect(try chat.run("Hi\n/rename Greetings, formally\n").status == 0)
        #expect(try sqliteRows(chat.database, "SELECT name FROM threads") == ["Greetings, formally"])
    }

    @Test("/delete in a script removes the chat and everything in it, without asking")
    func delete() throws {
        let chat = try chat()
        let run = try chat.run("Keep me\n/new\nDrop me\n/feedback up\n/delete\n/history\n")
        #expect(run.status == 0, "\(run.errors)")
        #expect(try sqliteRows(chat.database, "SELECT name FROM threads") == ["Keep me"])
        #expect(try sqliteRows(chat.database, "SELECT count(*) FROM steps") == ["3"])
        #expect(try sqliteRows(chat.database, "SELECT count(*) FROM feedbacks") == ["0"])
    }

    @Test("/export writes Markdown or Chainlit-shaped JSON, to a private file or the screen")
    func export() throws {
        let chat = try chat()
        let markdown = chat.home.root + "/chat.md"
        let json = chat.home.root + "/chat.json"
        let run = try chat.run("Question one\n/feedback up\n/export md \(markdown)\n/export json \(json)\n/export\n")
        #expect(run.status == 0, "\(run.errors)")
        let text = try String(contentsOfFile: markdown, encoding: .utf8)
        #expect(text.hasPrefix("# Question one\n"))
        #expect(text.contains("Question one"))
        #expect(text.contains("**Assistant (test-model)** (👍)"))
        #expect(text.contains("Hello, wörld!"))
        #expect(run.output.contains("# Question one"), "without a path the chat goes to the screen")
        let attributes = try FileManager.default.attributesOfItem(atPath: markdown)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        let types = (object?["steps"] as? [[String: Any]])?.compactMap { $0["type"] as? String }
        #expect(types == ["user_message", "run", "assistant_message"])
    }

    @Test("--continue takes up the latest chat and --resume a given one, with their context")
    func continueAndResumeOptions() throws {
        let chat = try chat()
        #expect(try chat.run("Older chat\n/new\nNewer chat\n").status == 0)
        let continued = try chat.run("Follow-up\n", ["--continue"])
        #expect(continued.status == 0, "\(continued.errors)")
        #expect(continued.output == "Hello, wörld!\n", "in a script, no recap of the chat goes to stdout")
        #expect(try chat.lastRequest() == ["user=Newer chat", "assistant=Hello, wörld!", "user=Follow-up"])
        let older = try #require(try sqliteRows(chat.database, "SELECT id FROM threads WHERE name = 'Older chat'").first)
        let resumed = try chat.run("Again\n", ["--resume", String(older.prefix(6))])
        #expect(resumed.status == 0, "\(resumed.errors)")
        #expect(try chat.lastRequest() == ["user=Older chat", "assistant=Hello, wörld!", "user=Again"])
        let missing = try chat.run("Hi\n", ["--resume", "ffffffff"])
        #expect(missing.status == 2)
        #expect(missing.errors.contains("no chat of yours has an id starting with ffffffff"))
    }

    @Test("the system prompt is kept with the chat: a resume sends it again, /system off lasts, --system replaces it")
    func systemPromptResumed() throws {
        let chat = try chat()
        #expect(try chat.run("First\n", ["--system", "You are a pirate."]).status == 0)
        #expect(try chat.run("Second\n", ["--continue"]).status == 0)
        #expect(try chat.lastRequest() == ["system=You are a pirate.", "user=First", "assistant=Hello, wörld!",
                                           "user=Second"])
        #expect(try chat.run("/system off\nThird\n", ["--continue"]).status == 0)
        #expect(try chat.run("Fourth\n", ["--continue"]).status == 0)
        #expect(try chat.lastRequest().first == "user=First", "the removal was kept with the chat")
        let replaced = try chat.run("/system\nFifth\n", ["--continue", "--system", "Be brief."])
        #expect(replaced.output == "Be brief.\nHello, wörld!\n", "\(replaced.errors)")
        #expect(try chat.lastRequest().first == "system=Be brief.")
        let recorded = try sqliteRows(
            chat.database, "SELECT quote(output) FROM steps WHERE type = 'system_message' ORDER BY createdAt")
        #expect(recorded == ["'You are a pirate.'", "''", "'Be brief.'"])
    }

    @Test("a resumed chat's prompt stays with it: /new, and a resumed chat that never had one, get the session's own")
    func systemPromptStaysWithItsChat() throws {
        let chat = try chat()
        #expect(try chat.run("chat B\n").status == 0)
        try chat.home.writeConfig("system: CFG prompt\n")
        #expect(try chat.run("chat A\n", ["--system", "ALPHA prompt"]).status == 0)
        let a = try #require(try sqliteRows(chat.database, "SELECT id FROM threads WHERE name = 'chat A'").first)
        let b = try #require(try sqliteRows(chat.database, "SELECT id FROM threads WHERE name = 'chat B'").first)
        #expect(try chat.run("/resume \(a)\n/new\nbrand new\n").status == 0)
        #expect(try chat.lastRequest() == ["system=CFG prompt", "user=brand new"])
        #expect(try chat.run("/resume \(a)\n/resume \(b)\nfor B\n").status == 0)
        #expect(try chat.lastRequest() == ["system=CFG prompt", "user=chat B", "assistant=Hello, wörld!",
                                           "user=for B"])
    }

    @Test("an answer that failed before saying anything stays out of the context, in the process and after a resume")
    func failedAnswerLeftOut() throws {
        let chat = try chat()
        let failed = try chat.run("First\n", scenario: "error-openai-400-context")
        #expect(failed.status != 0)
        #expect(failed.output.isEmpty)
        #expect(try sqliteRows(chat.database, "SELECT isError FROM steps WHERE type = 'assistant_message'") == ["1"])
        let resumed = try chat.run("Second\n", ["--continue"])
        #expect(resumed.status == 0, "\(resumed.errors)")
        #expect(try chat.lastRequest() == ["user=First\n\nSecond"])
    }

    @Test("an answer cut off mid-stream keeps its words, marked failed, and a resume sends them",
          arguments: ["cut-mid", "ends-early"])
    func cutOffAnswer(scenario: String) throws {
        let chat = try chat()
        let cut = try chat.run("First\n", scenario: scenario)
        #expect(cut.status == 6, "\(cut.errors)")
        #expect(cut.output.hasPrefix("Hel"))
        #expect(cut.errors.contains("the text so far is kept"), "\(cut.errors)")
        let answers = try sqliteRows(chat.database,
                                     "SELECT isError, output FROM steps WHERE type = 'assistant_message'")
        #expect(answers == ["1|Hel"])
        #expect(try chat.run("Second\n", ["--continue"]).status == 0)
        #expect(try chat.lastRequest() == ["user=First", "assistant=Hel", "user=Second"])
    }

    @Test("/provider lists, adds after a connection test, switches, tests, refreshes and removes providers")
    func providers() throws {
        let chat = try chat()
        let second = UUID().uuidString
        let base = ReplayServer.shared.openAIBase(token: second)
        let run = try PipedRun.run("""
            /provider list
            /provider add second openai url=\(base) model=model-two key_env=SECOND_KEY
            /provider use second
            Hello there
            /provider test
            /provider refresh
            /model
            /provider list
            /provider remove second
            """, arguments: ["--model", "test-model"], home: chat.home,
            environment: ReplayServer.shared.environment(token: chat.token).merging(["SECOND_KEY": "sk-second"]) { $1 })
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("* openai"))
        #expect(run.output.contains("Added second."))
        #expect(run.output.contains("Now using second: model-two."))
        #expect(run.output.contains("models:"))
        #expect(run.output.contains("second: model-two"))
        let requests = try ReplayServer.shared.chatRequests(token: second)
        #expect(requests.map { $0["model"] as? String } == ["model-two"], "the message went to the new provider")
        #expect(run.output.contains("Removed second."))
        let config = try String(contentsOfFile: chat.home.configFile, encoding: .utf8)
        #expect(!config.contains("second") && !config.contains("sk-second"))
    }

    @Test("the provider /provider list marks is the one messages go to, after a remove, an add or a failed use")
    func providerInUseFollowsTheList() throws {
        let chat = try chat()
        let (a, b, c, d) = (UUID().uuidString, UUID().uuidString, UUID().uuidString, UUID().uuidString)
        let server = ReplayServer.shared
        try chat.home.writeConfig("""
            providers:
              - {name: a, kind: openai, base_url: "\(server.openAIBase(token: a))", api_key_env: LOCAL_KEY, model: ma}
              - {name: b, kind: openai, base_url: "\(server.openAIBase(token: b))", api_key_env: LOCAL_KEY}
              - {name: c, kind: openai, base_url: "\(server.openAIBase(token: c))", api_key_env: UNSET_KEY}

            """)
        let environment = ["LOCAL_KEY": "sk-local", "OTHER_KEY": "sk-other"]
        let failedUse = try PipedRun.run("/provider use c\n/provider list\nFirst\n", home: chat.home,
                                         environment: environment)
        #expect(failedUse.status == 9, "\(failedUse.errors)")
        #expect(failedUse.output.contains("* a "), "\(failedUse.output)")
        #expect(try server.chatRequests(token: a).count == 1)
        let addition = "/provider add a openai url=\(server.openAIBase(token: d)) key_env=OTHER_KEY\n"
        let duplicate = try PipedRun.run(addition, home: chat.home, environment: environment)
        #expect(duplicate.errors.contains("a provider named \"a\" exists already"), "\(duplicate.errors)")
        #expect(try server.requestPaths(token: d).isEmpty, "nothing was sent to the new URL, with any key")
        let removed = try PipedRun.run("/provider refresh b\n/provider remove a\n/provider list\nSecond\n",
                                       home: chat.home, environment: environment)
        #expect(removed.status == 0, "\(removed.errors)")
        #expect(removed.output.contains("Now using b: gpt-4o-mini."), "the kind's default, not the first model listed")
        #expect(removed.output.contains("* b "), "\(removed.output)")
        #expect(try server.chatRequests(token: a).count == 1, "nothing more went to the provider removed")
        #expect(try server.chatRequests(token: b).map { $0["model"] as? String } == ["gpt-4o-mini"])
        let emptied = try PipedRun.run("/provider remove b\n/provider remove c\nThird\n", home: chat.home,
                                       environment: environment)
        #expect(emptied.errors.contains("no provider is configured"), "\(emptied.errors)")
        #expect(try server.chatRequests(token: b).count == 1)
    }

    @Test("/provider add refuses a provider whose connection test fails, and saves nothing")
    func providerAddRefused() throws {
        let chat = try chat()
        let base = ReplayServer.shared.openAIBase(token: UUID().uuidString, scenario: "error-openai-401")
        let run = try chat.run("/provider add broken openai url=\(base) key_env=OPENAI_API_KEY\n")
        #expect(run.status == 3)
        #expect(run.errors.contains("not added"))
        #expect(!FileManager.default.fileExists(atPath: chat.home.configFile))
    }

    @Test("/retry streams a new answer as a new step; the old one leaves the context, also after resuming")
    func retry() throws {
        let chat = try chat()
        let run = try chat.run("Question\n/model better-model\n/retry\nNext\n")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output == "Hello, wörld!\nModel: better-model\nHello, wörld!\nHello, wörld!\n")
        let requests = try ReplayServer.shared.chatRequests(token: chat.token)
        #expect(requests.map { $0["model"] as? String } == ["test-model", "better-model", "better-model"])
        #expect(try chat.lastRequest() == ["user=Question", "assistant=Hello, wörld!", "user=Next"])
        let answers = try sqliteRows(chat.database, """
            SELECT count(*) FROM steps WHERE type = 'assistant_message'
            """)
        #expect(answers == ["3"])
        let id = try #require(try sqliteRows(chat.database, "SELECT id FROM threads").first)
        #expect(try chat.run("/resume \(id)\nAfter\n").status == 0)
        #expect(try chat.lastRequest() == ["user=Question", "assistant=Hello, wörld!", "user=Next",
                                           "assistant=Hello, wörld!", "user=After"])
    }

    @Test("/retry and /feedback reach the last answer of a resumed chat; only the answer in use shows the rating")
    func retryAndFeedbackAfterResume() throws {
        let chat = try chat()
        #expect(try chat.run("Question\n").status == 0)
        let id = try #require(try sqliteRows(chat.database, "SELECT id FROM threads").first)
        let answers = try sqliteRows(chat.database, "SELECT id FROM steps WHERE type = 'assistant_message'")
        let first = try #require(answers.first)
        let markdown = chat.home.root + "/chat.md"
        let run = try chat.run("/resume \(id)\n/retry\n/feedback up better\n/export md \(markdown)\n")
        #expect(run.status == 0, "\(run.errors)")
        #expect(try chat.lastRequest() == ["user=Question"], "the retried answer is not in the context")
        #expect(try sqliteRows(chat.database, """
            SELECT json_extract(metadata, '$.retryOf') FROM steps
            WHERE type = 'assistant_message' AND id <> '\(first)'
            """) == [first])
        #expect(try sqliteRows(chat.database, """
            SELECT f.value, f.comment FROM feedbacks f JOIN steps r ON r.id = f.forId AND r.type = 'run'
            JOIN steps u ON u.id = r.parentId AND u.output = 'Question'
            """) == ["1|better"])
        let text = try String(contentsOfFile: markdown, encoding: .utf8)
        #expect(text.contains("**Assistant (test-model)** (retried) ·"), "\(text)")
        #expect(text.contains("**Assistant (test-model)** (👍) ·"), "\(text)")
        let recap = try chat.run("/resume \(id)\n")
        let shown = recap.output.components(separatedBy: "\n").filter { $0.hasPrefix("Assistant:") }
        #expect(shown == ["Assistant: Hello, wörld! [retried]", "Assistant: Hello, wörld! [rated up: better]"])
    }

    @Test("the start of an id that fits more than one chat is refused with the chats it fits, and deletes nothing")
    func ambiguousIdPrefix() throws {
        let chat = try chat()
        #expect(try chat.run("First\n/new\nSecond\n").status == 0)
        _ = try sqliteRows(chat.database, """
            UPDATE steps SET threadId = 'abcd' || substr(threadId, 5);
            UPDATE threads SET id = 'abcd' || substr(id, 5);
            """)
        let ids = try sqliteRows(chat.database, "SELECT id FROM threads ORDER BY name")
        #expect(ids.count == 2 && ids.allSatisfy { $0.hasPrefix("abcd") })
        let run = try chat.run("/delete abcd\n/resume abcd\n/export abcd\n")
        #expect(run.status == 2)
        let refusal = "more than one of your chats has an id starting with abcd"
        #expect(run.errors.components(separatedBy: refusal).count == 4, "\(run.errors)")
        #expect(run.errors.contains("\(ids[0])  First") && run.errors.contains("\(ids[1])  Second"), "\(run.errors)")
        #expect(try sqliteRows(chat.database, "SELECT count(*) FROM threads") == ["2"])
        let unique = try chat.run("/resume \(ids[0].prefix(12))\nAgain\n")
        #expect(unique.status == 0, "\(unique.errors)")
        #expect(try chat.lastRequest() == ["user=First", "assistant=Hello, wörld!", "user=Again"])
    }

    @Test("/export with one number or id shows that chat; ~ is $HOME and an existing file becomes private")
    func exportNamedChatAndHome() throws {
        let chat = try chat()
        let existing = chat.home.root + "/old.md"
        #expect(FileManager.default.createFile(atPath: existing, contents: Data("old".utf8),
                                               attributes: [.posixPermissions: 0o644]))
        let run = try chat.run("First chat\n/new\nSecond chat\n/history\n/export 2\n/export json ~/old.md\n")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("# First chat\n"), "/export 2 shows the chat numbered 2: \(run.output)")
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/2"))
        let exported = try String(contentsOfFile: existing, encoding: .utf8)
        #expect(exported.contains("\"Second chat\""))
        let attributes = try FileManager.default.attributesOfItem(atPath: existing)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let unlisted = try chat.run("/export 7\n")
        #expect(unlisted.status == 2)
        #expect(unlisted.errors.contains("no chat numbered 7 was listed"), "\(unlisted.errors)")
    }

    @Test("on a terminal with no provider, parley starts with the setup picker and then chats")
    func firstRunSetup() throws {
        let home = try ParleyBinary.makeHome()
        let token = UUID().uuidString
        let terminal = try PseudoTerminal(home: home, environment: ["OLLAMA_HOST": "", "MY_KEY": "sk-mine"])
        try terminal.expect("No provider is configured yet")
        try terminal.expect("Name for the provider: ")
        terminal.send("mine\r")
        try terminal.expect("Kind (openai, anthropic, ollama, gemini): ")
        terminal.send("openai\r")
        try terminal.expect("Base URL (empty for the service's own): ")
        terminal.send(ReplayServer.shared.openAIBase(token: token) + "\r")
        try terminal.expect("(empty for none): ")
        terminal.send("MY_KEY\r")
        try terminal.expect("Added mine.")
        try terminal.expect("Provider [Enter keeps mine]: ")
        terminal.send("\r")
        try terminal.expect("1. gpt-4o\r\n2. gpt-4o-mini")
        try terminal.expect("Model [Enter keeps gpt-4o-mini]: ")
        terminal.send("1\r")
        try terminal.expect("Now using mine: ")
        try terminal.expect("› ")
        terminal.send("Hi\r")
        try terminal.expect("Hello, wörld!")
        let config = try String(contentsOfFile: home.configFile, encoding: .utf8)
        #expect(config.contains("MY_KEY") && !config.contains("sk-mine"))
        let requests = try ReplayServer.shared.chatRequests(token: token)
        #expect(requests.count == 1)
        #expect(requests.first?["model"] as? String == "gpt-4o", "the model picked by number was used")
        try terminal.expect("› ")
        terminal.send("/reset\r")
        try terminal.expect("Provider [Enter keeps mine]: ")
        terminal.send("\r")
        try terminal.expect("Model [Enter keeps gpt-4o-mini]: ")
        terminal.send("9\r")
        try terminal.expect("\"9\" is not one of the choices")
    }

    @Test("Ctrl-C at a question of the first-run setup stops the setup; nothing is saved and the prompt comes back")
    func firstRunSetupStopped() throws {
        let home = try ParleyBinary.makeHome()
        let terminal = try PseudoTerminal(home: home, environment: ["OLLAMA_HOST": ""])
        try terminal.expect("Name for the provider: ")
        terminal.send("mine\r")
        try terminal.expect("Kind (openai, anthropic, ollama, gemini): ")
        terminal.send("\u{3}")
        let shown = try terminal.expect("› ")
        #expect(shown.contains("stopped; nothing was changed"), "\(shown)")
        #expect(!shown.contains("Base URL"), "no further question is asked")
        #expect(!FileManager.default.fileExists(atPath: home.configFile))
        terminal.send("\u{4}")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test("/reset in a script switches directly and needs a provider")
    func resetInScript() throws {
        let chat = try chat()
        let run = try chat.run("/reset openai other\nHi\n/reset\n")
        #expect(run.status == 2)
        #expect(run.output.contains("Now using openai: other."))
        #expect(run.errors.contains("/reset needs a provider in a script"))
        #expect(try ReplayServer.shared.chatRequests(token: chat.token).first?["model"] as? String == "other")
    }

    @Test("/attach puts a text file in the prompt and keeps it as an element; a resume sends it again")
    func attachText() throws {
        let chat = try chat()
        let file = chat.home.root + "/notes.txt"
        // Saved with a byte order mark, which is not part of what the file says.
        try "\u{FEFF}line one\nline two ✓".write(toFile: file, atomically: true, encoding: .utf8)
        // Through a symbolic link, as a file is often reached.
        let link = chat.home.root + "/link.txt"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: file)
        let run = try chat.run("/attach \(link)\n/attach\nSummarise this\nThanks\n")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("Attached notes.txt (text"))
        #expect(run.output.contains("For the next message: notes.txt"))
        let prompt = "Summarise this\n\n<file name=\"notes.txt\">\nline one\nline two ✓\n</file>"
        #expect(try chat.lastRequest() == ["user=\(prompt)", "assistant=Hello, wörld!", "user=Thanks"],
                "the file went with one message only")
        let elements = try sqliteRows(chat.database, """
            SELECT e.name, e.mime, s.type FROM elements e JOIN steps s ON s.id = e.forId
            """)
        #expect(elements == ["notes.txt|text/plain|user_message"])
        let id = try #require(try sqliteRows(chat.database, "SELECT id FROM threads").first)
        #expect(try chat.run("/resume \(id)\nMore\n").status == 0)
        #expect(try chat.lastRequest().first == "user=\(prompt)")
    }

    @Test("/attach sends an image as an image")
    func attachImage() throws {
        let chat = try chat()
        let file = chat.home.root + "/pixel.png"
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]
        #expect(FileManager.default.createFile(atPath: file, contents: Data(png)))
        #expect(try chat.run("/attach \(file)\nWhat is this?\n").status == 0)
        let messages = try ReplayServer.shared.chatRequests(token: chat.token).last?["messages"] as? [[String: Any]]
        let parts = messages?.last?["content"] as? [[String: Any]] ?? []
        #expect(parts.compactMap { $0["type"] as? String } == ["text", "image_url"])
        let url = (parts.last?["image_url"] as? [String: Any])?["url"] as? String
        #expect(url == "data:image/png;base64," + Data(png).base64EncodedString())
    }

    @Test("/attach refuses what it cannot send, and files over the limit", arguments: [
        ("binary.bin", [UInt8]([0x00, 0x01, 0x02, 0xFF]), "", "neither text nor an image"),
        ("big.txt", [UInt8](repeating: 0x61, count: 2 * 1024 * 1024), "attachment_limit_mib: 1\n",
         "is 2097152 bytes, over the limit of 1048576 bytes"),
    ])
    func attachRefused(name: String, bytes: [UInt8], config: String, message: String) throws {
        let chat = try chat()
        if !config.isEmpty { try chat.home.writeConfig(config) }
        let file = chat.home.root + "/" + name
        #expect(FileManager.default.createFile(atPath: file, contents: Data(bytes)))
        let fifo = chat.home.root + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let run = try chat.run("/attach \(file)\n/attach /nonexistent/file\n/attach \(chat.home.root)\n"
                               + "/attach \(fifo)\n")
        #expect(run.status == 2)
        #expect(run.errors.contains(message), "\(run.errors)")
        #expect(run.errors.contains("there is no file /nonexistent/file"))
        #expect(run.errors.contains("\(chat.home.root) is a directory"))
        #expect(run.errors.contains("\(fifo) is not a regular file"), "a pipe is refused without being read")
    }

    @Test("/stats counts chats, messages and tokens by day and model")
    func stats() throws {
        let chat = try chat()
        let run = try chat.run("One\n/new\nTwo\n/model other\nThree\n/stats\n/stats 0\n")
        #expect(run.status == 2)
        #expect(run.output.contains("2 chats, 6 messages"))
        let today = try #require(try sqliteRows(chat.database, "SELECT substr(createdAt, 1, 10) FROM threads LIMIT 1").first)
        let rows = run.output.components(separatedBy: "\n").filter { $0.hasPrefix(today) }
        #expect(rows.count == 2)
        #expect(rows.first?.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                == [today, "other", "1", "54", "20"])
        #expect(rows.last?.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                == [today, "test-model", "2", "108", "40"])
        #expect(run.errors.contains("/stats takes a positive number of days"))
        // Answers Chainlit wrote have no model: their row says so, in line with the heading.
        _ = try sqliteRows(chat.database, "UPDATE steps SET generation = '{}' WHERE type = 'assistant_message'")
        let table = try chat.run("/stats\n").output.components(separatedBy: "\n").filter {
            $0.hasPrefix(today) || $0.hasPrefix("day")
        }
        #expect(table.count == 2 && table[1].contains("(unknown)"), "\(table)")
        #expect(Set(table.map(\.count)).count == 1, "the columns line up: \(table)")
    }
}
