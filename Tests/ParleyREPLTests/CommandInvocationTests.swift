import ParleyCore
import Testing

@testable import ParleyREPL

@Suite("Splitting a command line")
struct CommandInvocationTests {
    @Test("name, argument text and words", arguments: [
        ("/help", "help", "", [String]()),
        ("/help   quit  ", "help", "quit", ["quit"]),
        ("/system You are \"very\" terse", "system", "You are \"very\" terse", ["You", "are", "very", "terse"]),
        ("/x 'a b' \"c d\" e\\ f", "x", "'a b' \"c d\" e\\ f", ["a b", "c d", "e f"]),
        ("/x ''", "x", "''", [""]),
        ("/x 'it\\'", "x", "'it\\'", ["it\\"]),
        ("/x \"say \\\"hi\\\"\"", "x", "\"say \\\"hi\\\"\"", ["say \"hi\""]),
        ("/ünï ✓", "ünï", "✓", ["✓"]),
    ])
    func parses(line: String, name: String, text: String, words: [String]) throws {
        let invocation = try CommandInvocation(parsing: line)
        #expect(invocation.name == name)
        #expect(invocation.argumentText == text)
        #expect(invocation.arguments == words)
    }

    @Test("an unclosed quote is a usage error", arguments: ["/x \"open", "/x 'open", "/x a \"b"])
    func unclosedQuote(line: String) {
        let error = #expect(throws: ParleyError.self) { try CommandInvocation(parsing: line) }
        #expect(error?.code == .usage)
    }
}
