import Foundation

/// A value in a JSON document read in place: one pass checks the syntax and records where every value
/// lies, and strings are decoded only when asked for.
///
/// Provider streams send thousands of small documents a second. Foundation's JSONSerialization boxes
/// every value of every chunk into `Any` and casts it back, which cost parley several times more CPU
/// than the transfer itself; this reader makes two allocations per document and none per value.
struct JSONView: Sendable {
    private let document: JSONDocument
    private let index: Int

    private init(document: JSONDocument, index: Int) {
        self.document = document
        self.index = index
    }

    /// Parses one whole JSON text; nil when it is not exactly one valid JSON value.
    static func parse(_ text: String) -> JSONView? {
        parse(bytes: Array(text.utf8))
    }

    static func parse(bytes: [UInt8]) -> JSONView? {
        guard let tokens = JSONTapeParser.tokens(of: bytes) else { return nil }
        return JSONView(document: JSONDocument(bytes: bytes, tokens: tokens), index: 0)
    }

    private var token: JSONToken { document.tokens[index] }

    var isObject: Bool { token.kind == .object }

    /// The member named `key` of an object; nil for a missing key or when this is not an object.
    subscript(key: String) -> JSONView? {
        guard token.kind == .object else { return nil }
        var key = key
        let member = key.withUTF8 { document.member(of: index, named: $0) }
        return member.map { JSONView(document: document, index: $0) }
    }

    /// Whether this is JSON's `null`, which providers send for "none" in place of leaving a key out.
    var isNull: Bool { token.kind == .null }

    /// The elements of an array; nil when this is not one.
    var elements: [JSONView]? {
        guard token.kind == .array else { return nil }
        var elements: [JSONView] = []
        var element = index + 1
        while element < token.next {
            elements.append(JSONView(document: document, index: element))
            element = document.tokens[element].next
        }
        return elements
    }

    var stringValue: String? {
        token.kind == .string ? document.decodedString(at: index) : nil
    }

    /// An integer, also from a number written with a fraction or exponent that is whole.
    var intValue: Int? {
        guard token.kind == .number else { return nil }
        let text = rawText
        return Int(text) ?? Double(text).flatMap { Int(exactly: $0) }
    }

    var boolValue: Bool? {
        switch token.kind {
        case .true: true
        case .false: false
        default: nil
        }
    }

    /// The value as it was written, for showing a value of unexpected shape.
    var rawText: String {
        let token = token
        let start = token.kind == .string ? token.start - 1 : token.start
        let end = token.kind == .string ? token.end + 1 : token.end
        return String(decoding: document.bytes[start..<end], as: UTF8.self)
    }

    // MARK: - Members by kind, as provider decoders read them

    func object(_ key: String) -> JSONView? { self[key].flatMap { $0.isObject ? $0 : nil } }
    func array(_ key: String) -> [JSONView]? { self[key]?.elements }
    func string(_ key: String) -> String? { self[key]?.stringValue }
    func int(_ key: String) -> Int? { self[key]?.intValue }
    func bool(_ key: String) -> Bool? { self[key]?.boolValue }
}

/// The bytes of one document and the tokens that locate its values.
private final class JSONDocument: Sendable {
    let bytes: [UInt8]
    let tokens: [JSONToken]

    init(bytes: [UInt8], tokens: [JSONToken]) {
        self.bytes = bytes
        self.tokens = tokens
    }

    /// The token index of the value of the member named `key` in the object at `index`. Keys without
    /// escapes are compared as bytes, so a lookup decodes nothing.
    func member(of index: Int, named key: UnsafeBufferPointer<UInt8>) -> Int? {
        bytes.withUnsafeBufferPointer { bytes in
            var member = index + 1
            let end = tokens[index].next
            while member < end {
                let token = tokens[member]
                let matches = token.escaped
                    ? decodedString(at: member).utf8.elementsEqual(key)
                    : token.end - token.start == key.count
                        && (key.isEmpty || memcmp(bytes.baseAddress! + token.start, key.baseAddress!, key.count) == 0)
                if matches { return member + 1 }
                member = tokens[member + 1].next
            }
            return nil
        }
    }

    func decodedString(at index: Int) -> String {
        let token = tokens[index]
        let raw = bytes[token.start..<token.end]
        return token.escaped ? JSONTapeParser.unescape(raw) : String(decoding: raw, as: UTF8.self)
    }
}
