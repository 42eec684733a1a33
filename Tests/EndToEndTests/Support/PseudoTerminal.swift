import Foundation
import Glibc

/// Runs `parley` on a real pseudo-terminal, as its controlling terminal, and talks to it as a person would.
final class PseudoTerminal {
    struct Timeout: Error, CustomStringConvertible {
        let expected: String
        let screen: String
        var description: String { "timed out waiting for \(expected.debugDescription); output so far:\n\(screen)" }
    }

    let master: Int32
    /// Kept open so the terminal's settings can be read after parley exits.
    let slave: Int32
    let pid: pid_t
    /// Everything parley wrote, escape sequences included.
    private(set) var output = ""
    /// What the terminal shows, for checks of a line that libedit redraws in pieces.
    private(set) var screen = VirtualScreen()
    private var bytes: [UInt8] = []

    /// Runs parley itself, or with `program` another program (a shell that will start parley).
    init(arguments: [String] = [], home: TestHome, environment: [String: String] = [:],
         columns: UInt16 = 100, rows: UInt16 = 30, program: String? = nil) throws {
        var master: Int32 = -1, slave: Int32 = -1
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw POSIXError(.EIO) }
        self.master = master
        self.slave = slave
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for target in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] {
            posix_spawn_file_actions_adddup2(&actions, slave, target)
        }
        posix_spawn_file_actions_addclose(&actions, master)
        // Tests run in parallel: without this the child would hold other tests' pipes open and their
        // readers would never see end of file.
        closeInheritedDescriptors(&actions)
        // setsid --ctty makes the terminal the controlling one, so Ctrl-C becomes SIGINT as in a real session.
        let argv = ["setsid", "--ctty", program ?? ParleyBinary.path] + arguments
        // Plain text is easier to match; colour has its own test, which clears this. A provider that is never
        // called keeps the first-run setup away, except from the test of that setup, which clears it too.
        let defaults = ["NO_COLOR": "1", "OLLAMA_HOST": "127.0.0.1:9"]
        let envp = home.environment(defaults.merging(environment) { $1 })
            .filter { !$0.value.isEmpty }
            .map { "\($0.key)=\($0.value)" }
        // Start as a shell would: no signal blocked, every signal at its default.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let status = withCStrings(argv) { cArgv in
            withCStrings(envp) { cEnvp in
                posix_spawn(&pid, "/usr/bin/setsid", &actions, &attributes, cArgv, cEnvp)
            }
        }
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EIO) }
        self.pid = pid
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        Glibc.close(master)
        Glibc.close(slave)
    }

    /// Types text (control characters included, such as "\u{3}" for Ctrl-C).
    func send(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = write(master, base + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// Changes the window size, as dragging the window would; the kernel sends SIGWINCH.
    func resize(columns: UInt16, rows: UInt16) {
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }

    /// Reads until `text` has appeared after everything already matched; returns the output up to it.
    @discardableResult
    func expect(_ text: String, timeout: Double = 10) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let range = output.range(of: text) {
                let seen = String(output[..<range.upperBound])
                output.removeSubrange(..<range.upperBound)
                return seen
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw Timeout(expected: text, screen: output) }
            readAvailable(waitingUpTo: remaining)
        }
    }

    /// Reads until the line under the cursor shows `text`, as a person would see it.
    func expectOnScreen(_ text: String, timeout: Double = 10) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !screen.currentLine.contains(text) {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw Timeout(expected: text, screen: screen.text) }
            readAvailable(waitingUpTo: remaining)
        }
    }

    /// Output that arrives within `seconds`, without waiting for anything in particular.
    func drain(for seconds: Double) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while deadline.timeIntervalSinceNow > 0 { readAvailable(waitingUpTo: deadline.timeIntervalSinceNow) }
        defer { output = "" }
        return output
    }

    /// Waits for parley to exit; its exit status, or 128 + the signal that ended it.
    func waitForExit(timeout: Double = 10) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                readAvailable(waitingUpTo: 0.05)
                let signal = status & 0x7F
                return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
            }
            guard deadline.timeIntervalSinceNow > 0 else { throw Timeout(expected: "exit", screen: output) }
            readAvailable(waitingUpTo: 0.05)
        }
    }

    /// The terminal's local modes now (ICANON, ECHO…), to check they were restored.
    var localModes: tcflag_t {
        var settings = termios()
        tcgetattr(slave, &settings)
        return settings.c_lflag
    }

    private func readAvailable(waitingUpTo seconds: Double) {
        var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(max(1, seconds * 1000))) > 0 else { return }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = read(master, &chunk, chunk.count)
        guard count > 0 else { return }
        bytes.append(contentsOf: chunk[0..<count])
        // Keep an incomplete UTF-8 sequence at the end for the next read.
        var complete = bytes.count
        var lead = bytes.count - 1
        while lead >= 0, bytes.count - lead < 4, bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
        if lead >= 0, bytes[lead] >= 0xC0 {
            let length = bytes[lead] >= 0xF0 ? 4 : bytes[lead] >= 0xE0 ? 3 : 2
            if bytes.count - lead < length { complete = lead }
        }
        let text = String(decoding: bytes[0..<complete], as: UTF8.self)
        output += text
        screen.feed(text)
        bytes.removeFirst(complete)
    }
}

/// Adds glibc's "close every descriptor from 3 up" action, looked up at run time as Swift's Glibc hides it.
private func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
        return
    }
    _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
}

/// Calls `body` with a NULL-terminated C array of the strings.
private func withCStrings<T>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> T) -> T {
    var pointers = strings.map { strdup($0) }
    pointers.append(nil)
    defer { pointers.forEach { free($0) } }
    return body(pointers)
}
