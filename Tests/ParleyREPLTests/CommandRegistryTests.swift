import ParleyCore
import Testing

@testable import ParleyREPL

@Suite("The command registry")
struct CommandRegistryTests {
    let registry = CommandRegistry()
    var context: CommandContext {
        CommandContext(registry: registry, terminal: Terminal(color: .never, environment: [:]))
    }

    @Test("commands are found by name and by alias")
    func lookup() throws {
        #expect(registry.command(named: "help")?.spec.name == "help")
        #expect(registry.command(named: "?")?.spec.name == "help")
        #expect(registry.command(named: "exit")?.spec.name == "quit")
        #expect(registry.command(named: "nope") == nil)
    }

    @Test("no two commands share a name or alias")
    func namesAreUnique() {
        #expect(Set(registry.allNames).count == registry.allNames.count)
    }

    @Test("an unknown command is a usage error with the nearest suggestion", arguments: [
        ("hlep", "did you mean /help?"),
        ("hel", "did you mean /help?"),
        ("quti", "did you mean /quit?"),
        ("exti", "did you mean /exit?"),
    ])
    func suggestions(typed: String, expected: String) throws {
        let error = #expect(throws: ParleyError.self) {
            try registry.resolve(CommandInvocation(parsing: "/" + typed))
        }
        #expect(error?.code == .usage)
        #expect(error?.message == "unknown command /\(typed)")
        #expect(error?.hint.hasPrefix(expected) == true)
    }

    @Test("a far-off name gets no suggestion")
    func noSuggestion() throws {
        let error = #expect(throws: ParleyError.self) {
            try registry.resolve(CommandInvocation(parsing: "/zzzzzz"))
        }
        #expect(error?.hint.contains("did you mean") == false)
    }

    @Test("Tab on a partial name offers the matching commands with their slash")
    func completesNames() {
        #expect(registry.complete("/he", context: context) == Completion(word: "/he", candidates: ["/help"]))
        #expect(registry.complete("/", context: context).candidates == registry.allNames.map { "/" + $0 })
        #expect(registry.complete("/h", context: context).candidates == ["/help", "/history"])
        #expect(registry.complete("/x", context: context).candidates.isEmpty)
    }

    @Test("Tab after a command asks the command for its arguments")
    func completesArguments() {
        #expect(registry.complete("/help q", context: context) == Completion(word: "q", candidates: ["quit"]))
        #expect(registry.complete("/help ", context: context).candidates.count == registry.allNames.count)
        #expect(registry.complete("/help quit ", context: context).candidates.isEmpty)
        #expect(registry.complete("/quit ", context: context).candidates.isEmpty)
    }

    @Test("messages and // lines are not completed")
    func noCompletionForMessages() {
        #expect(registry.complete("hello /he", context: context).candidates.isEmpty)
        #expect(registry.complete("//he", context: context).candidates.isEmpty)
    }

    @Test("edit distance counts a swap of neighbours as one", arguments: [
        ("help", "help", 0), ("hlep", "help", 1), ("hel", "help", 1), ("", "abc", 3), ("quit", "exit", 2),
    ])
    func editDistance(a: String, b: String, distance: Int) {
        #expect(EditDistance.between(a, b) == distance)
    }
}
