/// Assembles server-sent events from lines by the WHATWG rules, dispatching a pending event at end
/// of stream too, as the official SDKs do, so a server that omits the last blank line loses nothing.
public struct SSEParser: Sendable {
    private var eventType = ""
    private var data = ""
    private var hasData = false
    private var lastEventID: String?
    private var retry: Int?
    private var sawFirstLine = false

    public init() {}

    /// Feeds one line (without its terminator); returns an event when the line is the blank one that ends it.
    public mutating func feed(_ rawLine: String) -> SSEEvent? {
        var line = Substring(rawLine)
        if !sawFirstLine {
            sawFirstLine = true
            if line.first == "\u{FEFF}" { line = line.dropFirst() }
        }
        if line.isEmpty { return dispatch() }
        if line.first == ":" { return nil }
        let field: Substring
        var value: Substring
        if let colon = line.firstIndex(of: ":") {
            field = line[..<colon]
            value = line[line.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
        } else {
            field = line
            value = ""
        }
        switch field {
        case "event":
            eventType = String(value)
        case "data":
            if hasData { data.append("\n") }
            data.append(contentsOf: value)
            hasData = true
        case "id":
            if !value.contains("\0") { lastEventID = String(value) }
        case "retry":
            if !value.isEmpty, value.allSatisfy(\.isASCII), value.allSatisfy(\.isNumber) { retry = Int(value) }
        default:
            break
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
            data = ""
            hasData = false
        }
        guard hasData else { return nil }
        return SSEEvent(event: eventType.isEmpty ? "message" : eventType, data: data, id: lastEventID, retry: retry)
    }
}
