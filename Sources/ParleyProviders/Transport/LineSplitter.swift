import Foundation

/// Splits a byte stream into lines at any chunk boundary; lines are handed on as bytes, so a character
/// split across two reads stays intact and nothing is decoded before a decoder asks for it.
public struct LineSplitter: Sendable {
    private var pending: [UInt8] = []
    /// The last chunk ended in CR, so a LF opening the next chunk belongs to the same terminator.
    private var afterCarriageReturn = false

    private static let lineFeed: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D

    public init() {}

    /// Calls `line` with each line completed by `chunk`, without its terminator (`\n`, `\r\n` or `\r`).
    /// The buffer is valid only during the call; an error from `line` stops the chunk there.
    public mutating func push<Failure: Error>(
        _ chunk: Data, line: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Void
    ) throws(Failure) {
        var failure: Failure?
        chunk.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Void in
            failure = scan(raw.bindMemory(to: UInt8.self), line: line)
        }
        if let failure { throw failure }
    }

    private mutating func scan<Failure: Error>(
        _ bytes: UnsafeBufferPointer<UInt8>, line: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Void
    ) -> Failure? {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
        var start = 0
        if afterCarriageReturn {
            afterCarriageReturn = false
            if bytes[0] == Self.lineFeed { start = 1 }
        }
        while start < bytes.count {
            // memchr finds the usual LF quickly; a CR alone also ends a line, so look for one before it.
            let lineFeed = memchr(base + start, Int32(Self.lineFeed), bytes.count - start)
                .map { UnsafeRawPointer(base).distance(to: $0) } ?? bytes.count
            let carriageReturn = memchr(base + start, Int32(Self.carriageReturn), lineFeed - start)
                .map { UnsafeRawPointer(base).distance(to: $0) }
            let end = carriageReturn ?? lineFeed
            guard end < bytes.count else { break }
            do throws(Failure) {
                if pending.isEmpty {
                    try line(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                } else {
                    pending.append(contentsOf: bytes[start..<end])
                    let whole = pending
                    pending.removeAll(keepingCapacity: true)
                    try whole.withUnsafeBufferPointer { (buffer) throws(Failure) in try line(buffer) }
                }
            } catch {
                return error
            }
            start = end + 1
            if bytes[end] == Self.carriageReturn {
                if end + 1 < bytes.count {
                    if bytes[end + 1] == Self.lineFeed { start += 1 }
                } else {
                    afterCarriageReturn = true
                }
            }
        }
        if start < bytes.count { pending.append(contentsOf: bytes[start...]) }
        return nil
    }

    /// The unterminated last line at end of stream, if any bytes are left.
    public mutating func finish() -> [UInt8]? {
        afterCarriageReturn = false
        guard !pending.isEmpty else { return nil }
        defer { pending.removeAll() }
        return pending
    }
}
