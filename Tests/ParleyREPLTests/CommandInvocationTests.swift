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
    func parses(line: String, name: String, text: String, words: [String]) {
        let invocation = CommandInvocation(parsing: line)
        #expect(invocation.name == name)
        #expect(invocation.argumentText == text)
        #expect(invocation.arguments == words)
        #expect(invocation.quotingError == nil)
    }

    @Test("a quote inside a word is the character itself", arguments: [
        ("/system You're terse", ["You're", "terse"]),
        ("/feedback up it's fine, isn't it", ["up", "it's", "fine,", "isn't", "it"]),
        ("/x say\"what", ["say\"what"]),
    ])
    func apostrophes(line: String, words: [String]) {
        let invocation = CommandInvocation(parsing: line)
        #expect(invocation.arguments == words)
        #expect(invocation.quotingError == nil)
    }

    @Test("an unclosed quote is a usage error for commands that read words", arguments: ["/x \"open", "/x 'open",
                                                                                          "/x a \"b"])
    func unclosedQuote(line: String) {
        let invocation = CommandInvocation(parsing: line)
        #expect(invocation.quotingError?.code == .usage)
    }
}
