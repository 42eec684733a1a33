import Foundation
import Glibc
import Synchronization

/// The write end of the self-pipe the C signal handler reports to; a handler may only touch atomics and write(2).
private let signalPipeWriteEnd = Atomic<Int32>(-1)

private func forwardSignal(_ signal: Int32) {
    let saved = errno
    var byte = UInt8(truncatingIfNeeded: signal)
    let fd = signalPipeWriteEnd.load(ordering: .relaxed)
    if fd >= 0 { _ = write(fd, &byte, 1) }
    errno = saved
}

/// Owns SIGINT, SIGTERM, SIGHUP, SIGWINCH and SIGTSTP for the whole process.
///
/// Ctrl-C cancels whatever is running (a command, a stream); when nothing runs, it goes to the line reader,
/// which clears the line. A watcher thread does the routing because signal handlers cannot run Swift code.
public final class SignalRouter: Sendable {
    /// What the line reader is told through its wake-up pipe.
    public enum Event: UInt8, Sendable {
        case interrupt = 0x49  // "I"
        case resize = 0x57     // "W"
        case terminate = 0x54  // "T"
        /// Ctrl-Z at the prompt: the reader must leave edit mode before the process stops.
        case suspend = 0x5A    // "Z"
    }

    private struct State {
        var cancelRunning: (@Sendable () -> Void)?
        var interruptedWhileRunning = false
        /// A running command is waiting for an answer from the line reader.
        var asking = false
        var signalRead: Int32 = -1
        var wakeWrite: Int32 = -1
    }

    private let state = Mutex(State())
    private let terminatedBy = Atomic<Int32>(0)
    /// The read end line readers poll beside their input.
    public let wakeFileDescriptor: Int32

    private static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGTSTP]

    /// Installs the handlers and starts the watcher; call once, at start-up.
    public init() {
        var signalFDs: [Int32] = [-1, -1]
        var wakeFDs: [Int32] = [-1, -1]
        _ = pipe(&signalFDs)
        _ = pipe(&wakeFDs)
        for fd in signalFDs + wakeFDs {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        // The watcher blocks reading the signal pipe; every other end must never block.
        for fd in [signalFDs[1], wakeFDs[0], wakeFDs[1]] {
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
        }
        wakeFileDescriptor = wakeFDs[0]
        state.withLock {
            $0.signalRead = signalFDs[0]
            $0.wakeWrite = wakeFDs[1]
        }
        signalPipeWriteEnd.store(signalFDs[1], ordering: .relaxed)
        // A parent may have left these blocked (threads of a thread pool block everything); parley needs them.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signal in Self.handled { sigaddset(&unblock, signal) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for signal in Self.handled { Self.install(signal) }
        let readEnd = signalFDs[0]
        let thread = Thread { [self] in watch(readEnd) }
        thread.name = "parley-signals"
        thread.start()
    }

    /// The signal that asked parley to stop (SIGTERM or SIGHUP), or nil.
    public var terminationSignal: Int32? {
        let value = terminatedBy.load(ordering: .acquiring)
        return value == 0 ? nil : value
    }

    /// From now until `endRunning`, Ctrl-C calls `cancel` instead of reaching the line reader.
    public func beginRunning(cancel: @escaping @Sendable () -> Void) {
        state.withLock {
            $0.cancelRunning = cancel
            $0.interruptedWhileRunning = false
        }
        if terminationSignal != nil { cancel() }
    }

    /// Runs `read`, a running command's question to the person: Ctrl-C meanwhile reaches the line reader too, so
    /// the question ends at once rather than once something is typed.
    public func asking<T>(_ read: () -> T) -> T {
        state.withLock { $0.asking = true }
        defer { state.withLock { $0.asking = false } }
        return read()
    }

    /// Ends what `beginRunning` started; true when Ctrl-C came meanwhile (the work may have finished anyway).
    @discardableResult
    public func endRunning() -> Bool {
        state.withLock {
            $0.cancelRunning = nil
            return $0.interruptedWhileRunning
        }
    }

    private func watch(_ readEnd: Int32) {
        var byte: UInt8 = 0
        while true {
            let count = read(readEnd, &byte, 1)
            if count < 0, errno == EINTR { continue }
            guard count == 1 else { return }
            route(Int32(byte))
        }
    }

    private func route(_ signal: Int32) {
        switch signal {
        case SIGINT:
            let (cancel, asking) = state.withLock {
                $0.interruptedWhileRunning = $0.cancelRunning != nil
                return ($0.cancelRunning, $0.asking)
            }
            cancel?()
            if cancel == nil || asking { wake(.interrupt) }
        case SIGWINCH:
            wake(.resize)
        case SIGTSTP:
            // A running command leaves the terminal as it is: stop now. A line reader restores it first.
            if state.withLock({ $0.cancelRunning }) == nil { wake(.suspend) } else { Self.suspendProcess() }
        default:
            terminatedBy.store(signal, ordering: .releasing)
            let cancel = state.withLock { $0.cancelRunning }
            cancel?()
            wake(.terminate)
        }
    }

    /// Stops the process as Ctrl-Z would by default and returns once it is continued (fg or SIGCONT).
    public static func suspendProcess() {
        signal(SIGTSTP, SIG_DFL)
        raise(SIGTSTP)
        install(SIGTSTP)
    }

    private static func install(_ signal: Int32) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = forwardSignal
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(signal, &action, nil)
    }

    private func wake(_ event: Event) {
        var byte = event.rawValue
        let fd = state.withLock { $0.wakeWrite }
        _ = write(fd, &byte, 1)
    }
}
