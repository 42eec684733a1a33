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
