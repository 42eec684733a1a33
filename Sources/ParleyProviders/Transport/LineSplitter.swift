import Foundation

/// Splits a byte stream into lines at any chunk boundary; bytes are decoded as UTF-8 only once a
/// line is whole, so a character split across two reads stays intact.
public struct LineSplitter: Sendable {
    private var pending: [UInt8] = []
    /// The last chunk ended in CR, so a LF opening the next chunk belongs to the same terminator.
    private var afterCarriageReturn = false

    private static let lineFeed: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D

    public init() {}

    /// Returns the lines completed by `chunk`, without their terminators (`\n`, `\r\n` or `\r`).
    public mutating func push(_ chunk: Data) -> [String] {
        var lines: [String] = []
        chunk.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            var index = 0
            if afterCarriageReturn, !bytes.isEmpty {
                afterCarriageReturn = false
                if bytes[0] == Self.lineFeed {
                    start = 1
                    index = 1
                }
            }
            while index < bytes.count {
                let byte = bytes[index]
                if byte == Self.lineFeed || byte == Self.carriageReturn {
                    pending.append(contentsOf: bytes[start..<index])
                    lines.append(String(decoding: pending, as: UTF8.self))
                    pending.removeAll(keepingCapacity: true)
                    if byte == Self.carriageReturn {
                        if index + 1 < bytes.count {
                            if bytes[index + 1] == Self.lineFeed { index += 1 }
                        } else {
                            afterCarriageReturn = true
                        }
                    }
                    start = index + 1
                }
                index += 1
            }
            pending.append(contentsOf: bytes[start..<bytes.count])
        }
        return lines
    }

    /// The unterminated last line at end of stream, if any bytes are left.
    public mutating func finish() -> String? {
        afterCarriageReturn = false
        guard !pending.isEmpty else { return nil }
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }
}
