import Foundation
import Testing

/// parley with its standard input from a pipe: the scripted-session path.
@Suite("Scripted sessions through a pipe")
struct ScriptedSessionTests {
    @Test("/help prints the commands, then /nope is a clear error and the exit status is 2")
    func helpThenUnknownCommand() throws {
        let home = try ParleyBinary.makeHome()
        let run = try PipedRun.run("/help\n/nope\n", home: home)
        #expect(run.output.contains("/help [command]"))
        #expect(run.output.contains("/quit"))
        #expect(run.errors.contains("line 2: unknown command /nope"))
        #expect(run.status == 2)
    }

    @Test("a misspelt command gets a suggestion and is never treated as a message")
    func suggestion() throws {
        let home = try ParleyBinary.makeHome()
        let run = try PipedRun.run("/hlep\n", home: home)
        #expect(run.errors.contains("unknown command /hlep"))
        #expect(run.errors.contains("did you mean /help?"))
        #expect(!run.errors.contains("no provider"), "never sent as a message")
        #expect(run.status == 2)
    }

    @Test("a script of good lines exits 0 and the last line needs no newline")
    func lastLineWithoutNewline() throws {
        let home = try ParleyBinary.makeHome()
        let run = try PipedRun.run("/help quit\r\n/help help", home: home)
        #expect(run.status == 0)
        #expect(run.errors.isEmpty)
        #expect(run.output.contains("Also: /exit"))
        #expect(run.output.contains("Also: /?"))
    }

    @Test("/quit stops the script: later lines are not run")
    func quitStops() throws {
        let home = try ParleyBinary.makeHome()
        let run = try PipedRun.run("/quit\n/nope\n", home: home)
        #expect(run.status == 0)
        #expect(run.errors.isEmpty)
    }

    @Test("invalid UTF-8 is an error naming the line and column; the script goes on")
    func invalidUTF8() throws {
        let home = try ParleyBinary.makeHome()
        let input = Array("/help quit\n".utf8) + [0x2F, 0x68, 0xC3, 0x28, 0x0A] + Array("/help help\n".utf8)
        let run = try PipedRun.run(input, home: home)
        #expect(run.errors.contains("line 2: the line is not valid UTF-8 (bad byte at column 3)"))
        #expect(run.output.contains("/help [command]"), "the line after the bad one still runs")
        #expect(run.status == 8)
    }

    @Test("input that cannot be read at all ends the session with one clear error, not a loop of them")
    func unreadableInput() throws {
        let home = try ParleyBinary.makeHome()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ParleyBinary.path)
        process.environment = home.environment([:])
        // A directory opens for reading, but every read of it fails (EISDIR).
        process.standardInput = FileHandle(forReadingAtPath: home.root)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 8)
        #expect(text.components(separatedBy: "cannot be read any more").count == 2, "\(text)")
        #expect(text.contains("standard input cannot be read any more (Is a directory)"))
    }

    @Test("a two-megabyte line is read whole")
    func megabyteLine() throws {
        let home = try ParleyBinary.makeHome()
        let word = "é" + String(repeating: "x", count: 2 * 1024 * 1024)
        let run = try PipedRun.run("/help " + word + "\n/help quit\n", home: home)
        #expect(run.errors.contains("line 1: unknown command /\(word.prefix(20))"))
        #expect(run.output.contains("End the chat"))
        #expect(run.status == 2)
    }

    @Test("a message of several lines between \"\"\" lines arrives as one message")
    func block() throws {
        let home = try ParleyBinary.makeHome()
        let token = UUID().uuidString
        let run = try PipedRun.run("\"\"\"\n/not a command\nsecond line\n\"\"\"\n", arguments: ["--model", "m"],
                                   home: home, environment: ReplayServer.shared.environment(token: token))
        #expect(run.status == 0, "\(run.errors)")
        #expect(try ReplayServer.shared.lastUserText(token: token) == "/not a command\nsecond line")
    }

    @Test("a block that is never closed is an error naming where it opened")
    func unclosedBlock() throws {
        let home = try ParleyBinary.makeHome()
        let run = try PipedRun.run("/help quit\n\"\"\"\nsome text\n", home: home)
        #expect(run.errors.contains("line 2: the \"\"\" block opened on line 2 is never closed"))
        #expect(!run.errors.contains("no provider"), "the block was not sent")
        #expect(run.status == 8)
    }

    @Test("a line starting with // is a message whose first slash is removed")
    func slashEscape() throws {
        let home = try ParleyBinary.makeHome()
        let token = UUID().uuidString
        let run = try PipedRun.run("//etc/hosts\n", arguments: ["--model", "m"], home: home,
                                   environment: ReplayServer.shared.environment(token: token))
        #expect(run.status == 0, "\(run.errors)")
        #expect(try ReplayServer.shared.lastUserText(token: token) == "/etc/hosts")
    }

    @Test("an unclosed quote in arguments is a usage error")
    func unclosedQuote() throws {
        let home = try ParleyBinary.makeHome()
        let run = try PipedRun.run("/help \"quit\n", home: home)
        #expect(run.errors.contains("never closed"))
        #expect(run.status == 2)
    }

    @Test("no colour escapes go into a pipe")
    func noColourInPipes() throws {
        let home = try ParleyBinary.makeHome()
        let run = try PipedRun.run("/help\n/nope\n", home: home)
        #expect(!run.output.contains("\u{1B}["))
        #expect(!run.errors.contains("\u{1B}["))
    }

    @Test("--version prints the version")
    func version() throws {
        let home = try ParleyBinary.makeHome()
        let run = try PipedRun.run("", arguments: ["--version"], home: home)
        #expect(run.status == 0)
        #expect(run.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    @Test("a broken configuration file stops start-up with exit status 9 and says which file")
    func brokenConfiguration() throws {
        let home = try ParleyBinary.makeHome()
        try home.writeConfig("edit_mode: [unclosed\n")
        let run = try PipedRun.run("/help\n", home: home)
        #expect(run.status == 9)
        #expect(run.errors.contains(home.configFile))
        #expect(run.output.isEmpty)
    }

    @Test("a bad value in the configuration names the setting and its allowed values")
    func badConfigurationValue() throws {
        let home = try ParleyBinary.makeHome()
        try home.writeConfig("edit_mode: emacsy\n")
        let run = try PipedRun.run("/help\n", home: home)
        #expect(run.status == 9)
        #expect(run.errors.contains("edit_mode"))
        #expect(run.errors.contains("emacs, vi"))
    }

    @Test("--config and PARLEY_CONFIG choose the file; unknown settings are warned about")
    func configurationChoice() throws {
        let home = try ParleyBinary.makeHome()
        let path = home.root + "/elsewhere.yaml"
        try "colour: never\n".write(toFile: path, atomically: true, encoding: .utf8)
        let byOption = try PipedRun.run("/help quit\n", arguments: ["--config", path], home: home)
        #expect(byOption.errors.contains("unknown setting \"colour\""))
        #expect(byOption.status == 0)
        let byVariable = try PipedRun.run("/help quit\n", home: home, environment: ["PARLEY_CONFIG": path])
        #expect(byVariable.errors.contains("unknown setting \"colour\""))
    }

    @Test("Ctrl-C while a script waits for input stops it with status 130")
    func interruptScript() throws {
        let home = try ParleyBinary.makeHome()
        let process = try startWaitingScript(home: home)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
    }

    @Test("SIGTERM ends a waiting script with status 143")
    func terminateScript() throws {
        let home = try ParleyBinary.makeHome()
        let process = try startWaitingScript(home: home)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 143)
    }

    /// A parley that has run one line of a script and waits for the next, its input pipe still open.
    private func startWaitingScript(home: TestHome) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ParleyBinary.path)
        process.environment = home.environment()
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data("/help quit\n".utf8))
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("End the chat") {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        return process
    }
}
