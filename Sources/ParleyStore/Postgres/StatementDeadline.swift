import Dispatch
import Glibc
import Synchronization

/// Cuts the connection under a statement the server has not answered in time. libpq waits for an answer without
/// a limit (its connect_timeout covers only connecting), so a server that holds the socket open and says nothing
/// (a frozen host, a stalled proxy) held the chat, its prompt and its end with it. Cut, the statement fails as on
/// a lost connection, the writes go to the outbox, and the connection is made again at the next statement.
final class StatementDeadline: Sendable {
    let limit: Duration
    /// The statement running: its number, so a late timer for an earlier one does nothing, and its socket; and
    /// whether the last one was cut.
    private let running = Mutex<(number: UInt64, socket: Int32?, cut: Bool)>((0, nil, false))

    init(limit: Duration) {
        self.limit = limit
    }

    /// Runs `body`, a statement on `socket`; shutting the socket down (never closing it, which libpq owns) makes
    /// libpq's wait end with an error.
    func run<T>(socket: Int32, _ body: () -> T) -> T {
        guard socket >= 0 else { return body() }
        let number = running.withLock { running in
            running.number &+= 1
            running.socket = socket
            running.cut = false
            return running.number
        }
        defer { running.withLock { $0.socket = nil } }
        let (seconds, attoseconds) = limit.components
        let milliseconds = Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds)) { [self] in
            self.running.withLock { running in
                guard running.number == number, let socket = running.socket else { return }
                _ = shutdown(socket, Int32(SHUT_RDWR))
                running.cut = true
            }
        }
        return body()
    }

    /// True when the last statement failed because its time ran out.
    var cutLast: Bool { running.withLock { $0.cut } }
}
