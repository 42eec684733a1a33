import Synchronization

/// libcurl multi handles whose transfers have finished, kept for the next transfers.
///
/// A multi handle keeps the connections its transfers used open, with their DNS answers, so the next message
/// to the same provider skips the TCP and TLS handshakes, which cost 100–300 ms across the internet. Each handle
/// serves one transfer at a time, which is what libcurl asks of handles used from more than one thread.
final class CurlMultiPool: Sendable {
    static let shared = CurlMultiPool()

    private let idle = Mutex<[CurlHandle]>([])
    /// Enough for the providers of one session; a handle past this is closed with its connections.
    private static let limit = 4

    /// An idle handle, with its open connections, or a new one.
    func take(_ curl: LibCurl) -> UnsafeMutableRawPointer? {
        idle.withLock { $0.popLast()?.pointer } ?? curl.multiInit()
    }

    /// Keeps `handle`, whose transfer has been removed from it, for the next transfer.
    func giveBack(_ handle: UnsafeMutableRawPointer, _ curl: LibCurl) {
        let kept = idle.withLock { handles in
            guard handles.count < Self.limit else { return false }
            handles.append(CurlHandle(pointer: handle))
            return true
        }
        if !kept { _ = curl.multiCleanup(handle) }
    }
}
