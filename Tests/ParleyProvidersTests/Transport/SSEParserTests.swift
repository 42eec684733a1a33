import Foundation
import ParleyProviders
import Testing

@Suite("Parsing server-sent events")
struct SSEParserTests {
    static func events(_ text: String, splitAt cut: Int? = nil) -> [SSEEvent] {
        let bytes = Array(text.utf8)
        var splitter = LineSplitter()
        var parser = SSEParser()
        var events: [SSEEvent] = []
        let chunks = cut.map { [Array(bytes[..<$0]), Array(bytes[$0...])] } ?? [bytes]
        for chunk in chunks {
            splitter.push(Data(chunk)) { line in
                if let event = parser.feed(line) { events.append(event) }
            }
        }
        if let line = splitter.finish(), let event = line.withUnsafeBufferPointer({ parser.feed($0) }) {
            events.append(event)
        }
        if let event = parser.finish() { events.append(event) }
        return events
    }

    static let anthropicLike = """
        event: message_start\ndata: {"type":"message_start"}\n\n: keep-alive comment\n\
        event: content_block_delta\r\ndata: {"text":"é"}\r\n\r\ndata: line one\ndata:line two\nid: 7\nretry: 300\n\n
        """

    @Test("fields, comments, CRLF and multi-line data, at every split point",
          arguments: 0...Array(anthropicLike.utf8).count)
    func everySplitPoint(cut: Int) {
        let events = Self.events(Self.anthropicLike, splitAt: cut)
        #expect(events == [
            SSEEvent(event: "message_start", data: #"{"type":"message_start"}"#),
            SSEEvent(event: "content_block_delta", data: #"{"text":"é"}"#),
            SSEEvent(event: "message", data: "line one\nline two", id: "7", retry: 300),
        ])
    }

    @Test("cases from the WHATWG rules", arguments: [
        ("data\n\n", [SSEEvent(data: "")]),
        ("data:  two spaces\n\n", [SSEEvent(data: " two spaces")]),
        ("event: only\n\n", []),
        (": OPENROUTER PROCESSING\n\ndata: x\n\n", [SSEEvent(data: "x")]),
        ("unknown: field\ndata: y\n\n", [SSEEvent(data: "y")]),
        ("data: no blank line at EOF", [SSEEvent(data: "no blank line at EOF")]),
        ("retry: soon\ndata: z\n\n", [SSEEvent(data: "z")]),
        ("\u{FEFF}data: bom\n\n", [SSEEvent(data: "bom")]),
    ])
    func rules(text: String, expected: [SSEEvent]) {
        #expect(Self.events(text) == expected)
    }

    @Test("the event type resets after each dispatch")
    func typeResets() {
        #expect(Self.events("event: a\ndata: 1\n\ndata: 2\n\n").map(\.event) == ["a", "message"])
    }
}

@Suite("Framing newline-delimited JSON")
struct NDJSONParserTests {
    @Test("blank lines are skipped and every other line is a document, at every split point",
          arguments: 0...24)
    func documents(cut: Int) {
        let bytes = Array("{\"a\":\"ü\"}\n\n  \n{\"b\":2}\n".utf8)
        var splitter = LineSplitter()
        let parser = NDJSONParser()
        var documents: [String] = []
        for chunk in [bytes[..<min(cut, bytes.count)], bytes[min(cut, bytes.count)...]] {
            splitter.push(Data(chunk)) { line in
                if let document = parser.feed(line) { documents.append(String(decoding: document, as: UTF8.self)) }
            }
        }
        #expect(documents == [#"{"a":"ü"}"#, #"{"b":2}"#])
    }
}
