import Foundation
import Testing

/// parley's own options, read before any session starts.
@Suite("The command line")
struct CommandLineTests {
    @Test("options take their value after a space or an equals sign", arguments: [
        ["--model=alpha", "--user", "bob", "--system=be brief"],
        ["--model", "alpha", "--user=bob", "--system", "be brief"],
    ])
    func optionValues(arguments: [String]) throws {
        let home = try ParleyBinary.makeHome()
        let run = try PipedRun.run("/settings\n", arguments: arguments, home: home,
                                   environment: ["OPENAI_API_KEY": "sk-test"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("model:         alpha"))
        #expect(run.output.contains("user:          bob"))
        #expect(run.output.contains("system prompt: be brief"))
    }

    @Test("the configuration file gives the defaults of --user, --database, --system and --max-tokens")
    func configuredDefaults() throws {
        let home = try ParleyBinary.makeHome()
        let database = home.root + "/chats.sqlite3"
        try home.writeConfig("user: carol\ndatabase: \(database)\nsystem: Be brief.\nmax_tokens: 64\n")
        let token = UUID().uuidString
        let run = try PipedRun.run("Hi\n", arguments: ["--model", "m"], home: home,
                                   environment: ReplayServer.shared.environment(token: token))
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors.isEmpty, "no setting is unknown: \(run.errors)")
        let request = try #require(try ReplayServer.shared.chatRequests(token: token).last)
        #expect(request["max_completion_tokens"] as? Int == 64)
        let system = (request["messages"] as? [[String: Any]])?.first
        #expect(system?["role"] as? String == "system" && system?["content"] as? String == "Be brief.")
        #expect(try sqliteRows(database, "SELECT identifier FROM users") == ["carol"])
        #expect(!FileManager.default.fileExists(atPath: home.root + "/data/parley/parley.sqlite3"))

        let overridden = try PipedRun.run("/settings\n", arguments: ["--user", "dan", "--system", "Be long."],
                                          home: home, environment: ["OPENAI_API_KEY": "sk-test", "PARLEY_DATABASE_URL":
                                                                        home.root + "/other.sqlite3"])
        #expect(overridden.output.contains("user:          dan"), "\(overridden.output)")
        #expect(overridden.output.contains("system prompt: Be long."))
        #expect(overridden.output.contains("other.sqlite3"), "the environment comes before the file")
    }

    @Test("a database password in a configuration file others can read is refused, as an api_key is")
    func configuredPassword() throws {
        let home = try ParleyBinary.makeHome()
        try home.writeConfig("database: postgresql://ann:hunter2@127.0.0.1:9/chats\n")
        chmod(home.configFile, 0o644)
        let run = try PipedRun.run("/settings\n", home: home)
        #expect(run.status == 9)
        #expect(run.errors.contains("holds a database password but can be read by other users (mode 644)"),
                "\(run.errors)")
        #expect(!run.errors.contains("hunter2"))
        let bad = try ParleyBinary.makeHome()
        try bad.writeConfig("max_tokens: 0\n")
        let refused = try PipedRun.run("/settings\n", home: bad)
        #expect(refused.status == 9)
        #expect(refused.errors.contains("max_tokens: 0 is not a positive number of tokens"), "\(refused.errors)")
    }

    @Test("a command line parley cannot read is a usage error, status 2, before anything runs", arguments: [
        (["--bogus"], "unknown option '--bogus'"),
        (["--max-tokens", "many"], "--max-tokens takes a positive whole number, not 'many'"),
        (["--max-tokens=0"], "--max-tokens takes a positive whole number, not '0'"),
        (["--model"], "--model needs a value: --model <name>"),
        (["--continue=yes"], "--continue takes no value"),
        (["hello"], "unexpected argument 'hello'"),
        (["migrate", "--force"], "unknown option '--force'"),
    ])
    func badCommandLine(arguments: [String], message: String) throws {
        let home = try ParleyBinary.makeHome()
        // More input than a pipe holds, none of it read: parley stops before its script.
        let script = String(repeating: "/settings\n", count: 20_000)
        let run = try PipedRun.run(script, arguments: arguments, home: home)
        #expect(run.status == 2)
        #expect(run.errors.contains("parley: \(message)"), "\(run.errors)")
        #expect(run.output.isEmpty, "the script never ran")
    }

    @Test("a --provider that names no provider stops start-up with a usage error, as an unknown option does")
    func unknownProvider() throws {
        let run = try PipedRun.run("/settings\n", arguments: ["--provider", "nope"], home: try ParleyBinary.makeHome(),
                                   environment: ["OPENAI_API_KEY": "sk-test"])
        #expect(run.status == 2)
        #expect(run.errors.contains("there is no provider \"nope\""), "\(run.errors)")
        #expect(run.output.isEmpty, "no line ran")
    }

    @Test("--list-providers gives each provider's model as parley would use it; an unset key is configuration")
    func listProvidersAndUnsetKey() throws {
        let home = try ParleyBinary.makeHome()
        let listed = try PipedRun.run("", arguments: ["--list-providers"], home: home,
                                      environment: ["OPENAI_API_KEY": "sk-test", "OLLAMA_HOST": ""])
        #expect(listed.status == 0, "\(listed.errors)")
        #expect(listed.output == "openai\topenai\tgpt-4o-mini\n")
        try home.writeConfig("providers:\n  - {name: a, kind: openai, api_key_env: UNSET_KEY}\n")
        let unset = try PipedRun.run("hi\n", home: home)
        #expect(unset.status == 9, "\(unset.errors)")
        #expect(unset.errors.contains("takes its key from UNSET_KEY, which is not set"))
    }

    @Test("--help lists every option, wrapped to 80 columns, and exits 0; so does migrate --help")
    func help() throws {
        let home = try ParleyBinary.makeHome()
        let run = try PipedRun.run("", arguments: ["--help"], home: home)
        #expect(run.status == 0)
        for option in ["--provider <name>", "--max-tokens <n>", "--continue", "--no-color", "--version"] {
            #expect(run.output.contains("  \(option)"), "\(option)")
        }
        #expect(run.output.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(run.output)")
        let migrate = try PipedRun.run("", arguments: ["migrate", "--help"], home: home)
        #expect(migrate.status == 0)
        #expect(migrate.output.contains("usage: parley migrate [--database <url>] [--config <path>] [--rls]"))
        #expect(!migrate.output.contains("--model"))
    }
}
