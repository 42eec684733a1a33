import Glibc

/// The terminal's settings at start-up, for the fatal-signal handler. Written once before the handlers are
/// installed and only read afterwards, so the handler's unsynchronised read is safe.
nonisolated(unsafe) private var startupSettings = termios()
nonisolated(unsafe) private var guardedDescriptor: Int32 = -1

private func restoreAndDie(_ signal: Int32) {
    if guardedDescriptor >= 0 {
        tcsetattr(guardedDescriptor, TCSANOW, &startupSettings)
        var disablePaste: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (27, 91, 63, 50, 48, 48, 52, 108)
        _ = withUnsafeBytes(of: &disablePaste) { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }
    // SA_RESETHAND made the default action current again: dying now gives the usual status and core dump.
    raise(signal)
}

/// Puts the terminal back as it was when parley started if parley dies of a crash or Ctrl-\.
///
/// libedit restores the terminal on every normal path; this covers the paths that never return.
public enum TerminalGuard {
    static let fatalSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGQUIT]

    /// Saves the settings of `fileDescriptor` (when it is a terminal) and installs the handlers; call once.
    public static func install(fileDescriptor: Int32 = STDIN_FILENO) {
        guard isatty(fileDescriptor) == 1, tcgetattr(fileDescriptor, &startupSettings) == 0 else { return }
        guardedDescriptor = fileDescriptor
        for signal in fatalSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = restoreAndDie
            sigemptyset(&action.sa_mask)
            action.sa_flags = Int32(bitPattern: UInt32(SA_RESETHAND) | UInt32(SA_NODEFER))
            sigaction(signal, &action, nil)
        }
    }
}
