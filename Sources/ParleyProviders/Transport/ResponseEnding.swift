import Synchronization

/// Lets a consumer that has all it needs (an answer's end marker) stop reading while the transfer reads the last
/// bytes of the response (a chunked body's final chunk, often a packet behind the marker). libcurl keeps a
/// connection only once its response is complete, and the next message to the provider then skips the TCP and
/// TLS handshakes; a transfer simply cancelled there would close it.
public final class ResponseEnding: Sendable {
    /// How long the rest of a response may take before the transfer is cancelled after all.
    static let grace: Duration = .milliseconds(500)

    private let state = Mutex<(read: Bool, transfer: ObjectIdentifier?)>((false, nil))

    public init() {}

    /// Marks the response as read: stopping consumption from now on lets the transfer end on its own.
    public func markRead() {
        let transfer = state.withLock { state in
            state.read = true
            return state.transfer
        }
        if let transfer { CurlMultiPool.shared.settle(transfer) }
    }

    var isRead: Bool { state.withLock { $0.read } }

    /// Ties the ending to the transfer that reads the response, before the transfer starts.
    func attach(_ transfer: ObjectIdentifier) {
        state.withLock { $0.transfer = transfer }
    }
}
