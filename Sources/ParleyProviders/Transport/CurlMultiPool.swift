import Foundation

/// libcurl multi handles whose transfers have finished, kept for the next transfers.
///
/// A multi handle keeps the connections its transfers used open, with their DNS answers, so the next message
/// to the same provider skips the TCP and TLS handshakes, which cost 100–300 ms across the internet. Each handle
/// serves one transfer at a time, which is what libcurl asks of handles used from more than one thread.
final class CurlMultiPool: @unchecked Sendable {
    static let shared = CurlMultiPool()

    /// Guards the fields below, and wakes a transfer waiting for a handle that is about to come back.
    private let condition = NSCondition()
    private var idle: [CurlHandle] = []
    /// Transfers holding a handle, and those of them reading the last bytes of a response already read
    /// (`ResponseEnding`): their handles come back with a reusable connection within moments.
    private var active: Set<ObjectIdentifier> = []
    private var settling: Set<ObjectIdentifier> = []
    /// Enough for the providers of one session; a handle past this is closed with its connections.
    private static let limit = 4

    /// An idle handle, with its open connections, or a new one. While another transfer's response is ending, its
    /// handle is waited for (at most `ResponseEnding.grace`): the next message of a script otherwise leaves
    /// before the last one's connection is free, and opens another.
    func take(_ curl: LibCurl, for transfer: ObjectIdentifier) -> UnsafeMutableRawPointer? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: Double(ResponseEnding.grace.wholeMilliseconds) / 1000)
        while idle.isEmpty, !settling.isEmpty, condition.wait(until: deadline) {}
        guard let handle = idle.popLast()?.pointer ?? curl.multiInit() else { return nil }
        active.insert(transfer)
        return handle
    }

    /// Notes that `transfer`'s response was read to its end; a transfer that is already back changes nothing.
    func settle(_ transfer: ObjectIdentifier) {
        condition.lock()
        defer { condition.unlock() }
        if active.contains(transfer) { settling.insert(transfer) }
    }

    /// Keeps `handle`, whose transfer has been removed from it, for the next transfer.
    func giveBack(_ handle: UnsafeMutableRawPointer, _ curl: LibCurl, from transfer: ObjectIdentifier) {
        condition.lock()
        active.remove(transfer)
        settling.remove(transfer)
        let kept = idle.count < Self.limit
        if kept { idle.append(CurlHandle(pointer: handle)) }
        condition.broadcast()
        condition.unlock()
        if !kept { _ = curl.multiCleanup(handle) }
    }
}
