import Foundation
import Glibc
import Testing

/// parley on a real pseudo-terminal, driven key by key.
@Suite("Interactive sessions on a pseudo-terminal")
struct TerminalSessionTests {
    @Test("Tab completes /he to /help")
    func tabCompletesCommand() throws {
        let home = try ParleyBinary.makeHome()
        let terminal = try PseudoTerminal(home: home)
        try terminal.expect("› ")
        terminal.send("/he\t")
        try terminal.expectOnScreen("› /help")
        terminal.send("\r")
        try terminal.expect("List the commands, or explain one")
    }

    @Test("Tab completes a command's argument and lists several candidates")
    func tabCompletesArguments() throws {
        let home = try ParleyBinary.makeHome()
        let terminal = try PseudoTerminal(home: home)
        try terminal.expect("› ")
        terminal.send("/help q\t")
        try terminal.expectOnScreen("› /help quit")
        terminal.send("\r")
        try terminal.expect("End the chat")
        try terminal.expect("› ")
        terminal.send("/\t")
        // The list is printed below the line, which is then drawn again.
        let listing = try terminal.expect("› /")
        for name in ["/help", "/history", "/resume", "/quit", "/exit"] {
            #expect(listing.contains(name), "\(name) is offered")
        }
    }

    @Test("Tab completes a path with spaces escaped, goes on inside a directory, and closes an open quote")
    func pathCompletion() throws {
        let home = try ParleyBinary.makeHome()
        try FileManager.default.createDirectory(atPath: home.root + "/dir one", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: home.root + "/dir one/file a.txt", contents: Data("hi".utf8)))
        let terminal = try PseudoTerminal(home: home)
        try terminal.expect("› ")
        terminal.send("/attach \(home.root)/di\t")
        try terminal.expectOnScreen("/attach \(home.root)/dir\\ one/")
        terminal.send("f\t")
        try terminal.expectOnScreen("/attach \(home.root)/dir\\ one/file\\ a.txt")
        terminal.send("\r")
        try terminal.expect("Attached file a.txt")
        try terminal.expect("› ")
        terminal.send("/attach \"\(home.root)/dir one/f\t")
        try terminal.expectOnScreen("/attach \"\(home.root)/dir one/file a.txt\"")
        terminal.send("\r")
        try terminal.expect("Attached file a.txt")
    }

    @Test("Ctrl-C clears a half-typed line and the prompt comes back")
    func interruptClearsLine() throws {
        let home = try ParleyBinary.makeHome()
        let terminal = try PseudoTerminal(home: home)
        try terminal.expect("› ")
        terminal.send("/nope-xyz")
        try terminal.expect("/nope-xyz")
        terminal.send("\u{3}")
        try terminal.expect("^C")
        try terminal.expect("› ")
        terminal.send("/help\r")
        let shown = try terminal.expect("List the commands")
        #expect(!shown.contains("unknown command"))
    }

    @Test("history survives a restart and is private to its owner")
    func historyPersists() throws {
        let home = try ParleyBinary.makeHome()
        do {
            let first = try PseudoTerminal(home: home)
            try first.expect("› ")
            first.send("/help quit\r")
            try first.expect("End the chat")
            try first.expect("› ")
            first.send("\u{4}")
            #expect(try first.waitForExit() == 0)
        }
        var info = stat()
        #expect(stat(home.historyFile, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        let second = try PseudoTerminal(home: home)
        try second.expect("› ")
        second.send("\u{1B}[A")
        try second.expectOnScreen("› /help quit")
        second.send("\r")
        try second.expect("End the chat")
    }

    @Test("a multi-byte line round-trips, also under LC_ALL=C", arguments: ["C.UTF-8", "C"])
    func multibyteRoundTrip(locale: String) throws {
        let home = try ParleyBinary.makeHome()
        let terminal = try PseudoTerminal(home: home, environment: ["LC_ALL": locale])
        try terminal.expect("› ")
        terminal.send("/héllo-wörld-✓-日本-🙂\r")
        try terminal.expect("unknown command /héllo-wörld-✓-日本-🙂")
    }

    @Test("Ctrl-D on an empty line exits 0 and restores the terminal")
    func endOfInputRestoresTerminal() throws {
        let home = try ParleyBinary.makeHome()
        let terminal = try PseudoTerminal(home: home)
        let before = terminal.localModes
        try terminal.expect("› ")
        terminal.send("\u{4}")
        #expect(try terminal.waitForExit() == 0)
        #expect(terminal.localModes == before)
        #expect(terminal.localModes & tcflag_t(ICANON) != 0)
        #expect(terminal.localModes & tcflag_t(ECHO) != 0)
    }

    @Test("/quit ends the session with status 0")
    func quit() throws {
        let home = try ParleyBinary.makeHome()
        let terminal = try PseudoTerminal(home: home)
        try terminal.expect("› ")
        terminal.send("/exit\r")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test("SIGTERM at the prompt exits 143 with the terminal restored")
    func terminateRestoresTerminal() throws {
        let home = try ParleyBinary.makeHome()
        let terminal = try PseudoTerminal(home: home)
        let before = terminal.localModes
        try terminal.expect("› ")
        terminal.send("half a line")
        try terminal.expect("half a line")
        kill(terminal.pid, SIGTERM)
        #expect(try terminal.waitForExit() == 143)
        #expect(terminal.localModes == before)
    }

    @Test("a pasted block of several lines arrives as one message")
    func bracketedPaste() throws {
        let home = try ParleyBinary.makeHome()
        let token = UUID().uuidString
        let terminal = try chat(home: home, token: token)
        try terminal.expect("› ")
        terminal.send("look: \u{1B}[200~first line\rsecond\tline\rthird\u{1B}[201~")
        try terminal.expect("[pasted 3 lines #1]")
        terminal.send(" end\r")
        try terminal.expect("Hello, wörld!")
        #expect(try ReplayServer.shared.lastUserText(token: token) == "look: first line\nsecond\tline\nthird end")
    }

    @Test("a window resized in the middle of a paste leaves the paste whole; a last line break counts no line")
    func pasteAcrossResize() throws {
        let home = try ParleyBinary.makeHome()
        let token = UUID().uuidString
        let terminal = try chat(home: home, token: token)
        try terminal.expect("› ")
        terminal.send("\u{1B}[200~first line\rsecond")
        usleep(300_000)
        terminal.resize(columns: 101, rows: 30)
        usleep(300_000)
        terminal.send(" line\rthird line\r\u{1B}[201~")
        try terminal.expect("[pasted 3 lines #1]")
        terminal.send("\r")
        try terminal.expect("Hello, wörld!")
        try terminal.expect("› ")
        #expect(try ReplayServer.shared.chatRequests(token: token).count == 1)
        #expect(try ReplayServer.shared.lastUserText(token: token) == "first line\nsecond line\nthird line\n")
    }

    @Test("a pasted single line is inserted as typed")
    func inlinePaste() throws {
        let home = try ParleyBinary.makeHome()
        let terminal = try PseudoTerminal(home: home)
        try terminal.expect("› ")
        terminal.send("\u{1B}[200~/help quit\u{1B}[201~\r")
        try terminal.expect("End the chat")
    }

    @Test("\"\"\" opens a block with a continuation prompt; \"\"\" or Ctrl-D sends it as one message; the chat goes on",
          arguments: ["\"\"\"\r", "\u{4}"])
    func multiLineBlock(closing: String) throws {
        let home = try ParleyBinary.makeHome()
        let token = UUID().uuidString
        let terminal = try chat(home: home, token: token)
        try terminal.expect("› ")
        terminal.send("\"\"\"\r")
        try terminal.expect("… ")
        terminal.send("/one\r")
        try terminal.expect("… ")
        terminal.send("two\r")
        try terminal.expect("… ")
        terminal.send(closing)
        try terminal.expect("Hello, wörld!")
        try terminal.expect("› ")
        #expect(try ReplayServer.shared.lastUserText(token: token) == "/one\ntwo")
        terminal.send("/help quit\r")
        try terminal.expect("End the chat")
        try terminal.expect("› ")
        terminal.send("\u{4}")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test("edit_mode: vi gives vi key bindings")
    func viMode() throws {
        let home = try ParleyBinary.makeHome()
        try home.writeConfig("edit_mode: vi\n")
        let terminal = try PseudoTerminal(home: home)
        try terminal.expect("› ")
        // In vi, Escape enters command mode, 0 goes to the start and x deletes the stray character.
        terminal.send("x/help quit")
        try terminal.expect("x/help quit")
        terminal.send("\u{1B}")
        _ = terminal.drain(for: 0.3)
        terminal.send("0x\r")
        try terminal.expect("End the chat")
    }

    @Test("on a terminal the prompt and errors are coloured, unless NO_COLOR is set")
    func colour() throws {
        let home = try ParleyBinary.makeHome()
        let coloured = try PseudoTerminal(home: home, environment: ["NO_COLOR": ""])
        try coloured.expect("\u{1B}[36m›\u{1B}[0m ")
        coloured.send("/nope\r")
        try coloured.expect("\u{1B}[31merror:\u{1B}[0m unknown command /nope")
        let plain = try PseudoTerminal(home: home, environment: ["NO_COLOR": "1"])
        let prompt = try plain.expect("› ")
        #expect(!prompt.contains("\u{1B}[36m"))
    }

    @Test("Ctrl-Z stops parley at the prompt, and fg redraws the half-typed line and goes on with it")
    func suspendAndResume() throws {
        let home = try ParleyBinary.makeHome()
        // An interactive shell with job control, as a person has: it stops and resumes parley.
        let token = UUID().uuidString
        let shell = try PseudoTerminal(arguments: ["--norc", "--noprofile", "-i"], home: home,
                                       environment: ["PS1": "shell$ "].merging(ReplayServer.shared.environment(token: token)) { $1 },
                                       program: "/bin/bash")
        try shell.expect("shell$ ")
        shell.send("\(ParleyBinary.path) --model m\r")
        try shell.expect("› ")
        shell.send("abc")
        try shell.expect("abc")
        shell.send("\u{1A}")
        try shell.expect("Stopped")
        try shell.expect("shell$ ")
        shell.send("fg\r")
        try shell.expectOnScreen("› abc")
        shell.send("def\r")
        try shell.expect("Hello, wörld!")
        #expect(try ReplayServer.shared.lastUserText(token: token) == "abcdef")
    }

    @Test("a crash or Ctrl-\\ at the prompt still leaves the terminal as it was", arguments: [SIGSEGV, SIGQUIT])
    func fatalSignalRestoresTerminal(signal: Int32) throws {
        let home = try ParleyBinary.makeHome()
        let terminal = try PseudoTerminal(home: home)
        let before = terminal.localModes
        try terminal.expect("› ")
        terminal.send("half")
        try terminal.expect("half")
        #expect(terminal.localModes != before, "libedit's edit mode is on while the prompt waits")
        kill(terminal.pid, signal)
        #expect(try terminal.waitForExit() == 128 + signal)
        #expect(terminal.localModes == before)
    }

    @Test("a window resize redraws the line being typed")
    func resizeRedraws() throws {
        let home = try ParleyBinary.makeHome()
        let token = UUID().uuidString
        let terminal = try chat(home: home, token: token)
        try terminal.expect("› ")
        terminal.send("abc")
        try terminal.expect("abc")
        terminal.resize(columns: 60, rows: 20)
        try terminal.expect("› abc")
        terminal.send("\r")
        try terminal.expect("Hello, wörld!")
        #expect(try ReplayServer.shared.lastUserText(token: token) == "abc")
    }

    /// parley on a terminal, chatting with the replay server under `token`.
    private func chat(home: TestHome, token: String) throws -> PseudoTerminal {
        try PseudoTerminal(arguments: ["--model", "m"], home: home, environment: ReplayServer.shared.environment(token: token))
    }
}
