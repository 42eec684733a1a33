/// Assembles server-sent events from lines by the WHATWG rules, dispatching a pending event at end
/// of stream too, as the official SDKs do, so a server that omits the last blank line loses nothing.
/// It reads bytes: every delimiter is ASCII, and providers send thousands of lines a second.
public struct SSEParser: Sendable {
    private var eventType = ""
    private var data: [UInt8] = []
    private var hasData = false
    private var lastEventID: String?
    private var retry: Int?
    private var sawFirstLine = false

    public init() {}

    /// Feeds one line (without its terminator); returns an event when the line is the blank one that ends it.
    public mutating func feed(_ rawLine: UnsafeBufferPointer<UInt8>) -> SSEEvent? {
        var line = rawLine[...]
        if !sawFirstLine {
            sawFirstLine = true
            if line.starts(with: Self.byteOrderMark) { line = line.dropFirst(Self.byteOrderMark.count) }
        }
        guard let first = line.first else { return dispatch() }
        if first == Self.colon { return nil }
        let field: Slice<UnsafeBufferPointer<UInt8>>
        var value: Slice<UnsafeBufferPointer<UInt8>>
        if let colon = line.firstIndex(of: Self.colon) {
            field = line[..<colon]
            value = line[(colon + 1)...]
            if value.first == Self.space { value = value.dropFirst() }
        } else {
            field = line
            value = line[line.endIndex...]
        }
        if Self.field(field, is: "data") {
            if hasData { data.append(Self.lineFeed) }
            data.append(contentsOf: value)
            hasData = true
        } else if Self.field(field, is: "event") {
            eventType = String(decoding: value, as: UTF8.self)
        } else if Self.field(field, is: "id") {
            if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
        } else if Self.field(field, is: "retry") {
            if !value.isEmpty, value.allSatisfy({ (0x30...0x39).contains($0) }) {
                retry = Int(String(decoding: value, as: UTF8.self))
            }
        }
        return nil
    }

    /// Ends the stream; returns the event still pending when the server closed without a blank line.
    public mutating func finish() -> SSEEvent? {
        dispatch()
    }

    private mutating func dispatch() -> SSEEvent? {
        defer {
            eventType = ""
            data = []
            hasData = false
        }
        guard hasData else { return nil }
        return SSEEvent(event: eventType.isEmpty ? "message" : eventType, bytes: data, id: lastEventID, retry: retry)
    }

    /// Compares bytes with a field name; the generic `elementsEqual` over a String's UTF-8 view was a measurable
    /// part of reading a fast stream.
    private static func field(_ field: Slice<UnsafeBufferPointer<UInt8>>, is name: StaticString) -> Bool {
        guard field.count == name.utf8CodeUnitCount else { return false }
        var index = field.startIndex
        for offset in 0..<name.utf8CodeUnitCount {
            if field[index] != name.utf8Start[offset] { return false }
            index += 1
        }
        return true
    }

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    private static let colon = UInt8(ascii: ":")
    private static let space = UInt8(ascii: " ")
    private static let lineFeed = UInt8(ascii: "\n")
}
