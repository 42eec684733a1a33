import Testing

@testable import ParleyREPL

@Suite("Turning lines into submissions")
struct InputAssemblerTests {
    private func line(_ text: String, _ number: Int, typed: String? = nil) -> InputLine {
        InputLine(text: text, typed: typed, number: number)
    }

    @Test("a line starting with / is a command, anything else a message")
    func kinds() {
        var assembler = InputAssembler()
        #expect(assembler.feed(line("/help", 1))?.kind == .command)
        #expect(assembler.feed(line("hello", 2)) == Submission(kind: .message, text: "hello", lineNumber: 2))
    }

    @Test("blank lines submit nothing")
    func blankLines() {
        var assembler = InputAssembler()
        #expect(assembler.feed(line("", 1)) == nil)
        #expect(assembler.feed(line("   \t", 2)) == nil)
    }

    @Test("// sends a message without its first slash")
    func slashEscape() {
        var assembler = InputAssembler()
        #expect(assembler.feed(line("//usr/bin is odd", 1)) == Submission(kind: .message, text: "/usr/bin is odd", lineNumber: 1))
    }

    @Test("lines between \"\"\" lines are one message, commands inside included")
    func block() {
        var assembler = InputAssembler()
        #expect(assembler.feed(line("\"\"\"", 3)) == nil)
        #expect(assembler.isOpen)
        #expect(assembler.feed(line("/help", 4)) == nil)
        #expect(assembler.feed(line("", 5)) == nil)
        #expect(assembler.feed(line("end", 6)) == nil)
        let submission = assembler.feed(line("  \"\"\"  ", 7))
        #expect(submission == Submission(kind: .message, text: "/help\n\nend", lineNumber: 3))
        #expect(!assembler.isOpen)
    }

    @Test("an empty block submits nothing; a discarded block is gone")
    func emptyAndDiscarded() {
        var assembler = InputAssembler()
        _ = assembler.feed(line("\"\"\"", 1))
        #expect(assembler.feed(line("\"\"\"", 2)) == nil)
        _ = assembler.feed(line("\"\"\"", 3))
        _ = assembler.feed(line("text", 4))
        assembler.discard()
        #expect(!assembler.isOpen)
        #expect(assembler.close() == nil)
    }

    @Test("closing an open block sends what it holds")
    func closeSends() {
        var assembler = InputAssembler()
        _ = assembler.feed(line("\"\"\"", 1))
        _ = assembler.feed(line("a", 2))
        #expect(assembler.close() == Submission(kind: .message, text: "a", lineNumber: 1))
    }

    @Test("a paste is a message even when its text starts with /; a typed command may hold a paste")
    func pastes() {
        var assembler = InputAssembler()
        let pasted = line("/etc/hosts\nline two", 1, typed: "[pasted 2 lines #1]")
        #expect(assembler.feed(pasted)?.kind == .message)
        let command = line("/system be brief\nand kind", 2, typed: "/system [pasted 2 lines #1]")
        #expect(assembler.feed(command)?.kind == .command)
    }
}
