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
        guard let (tokens, count) = JSONTapeParser.tokens(of: bytes) else { return nil }
        return JSONView(document: JSONDocument(bytes: bytes, tokens: tokens, count: count), index: 0)
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

    /// Calls `body` with each member of an object in document order: one walk for a decoder that reads several
    /// members, where a lookup each would walk the object again for every name.
    func forEachMember<Failure: Error>(_ body: (JSONKey, JSONView) throws(Failure) -> Void) throws(Failure) {
        guard token.kind == .object else { return }
        var member = index + 1
        let end = Int(token.next)
        while member < end {
            try body(JSONKey(document: document, index: member), JSONView(document: document, index: member + 1))
            member = Int(document.tokens[member + 1].next)
        }
    }

    /// Calls `body` with each element of an array, without building a list of them.
    func forEachElement<Failure: Error>(_ body: (JSONView) throws(Failure) -> Void) throws(Failure) {
        guard token.kind == .array else { return }
        var element = index + 1
        let end = Int(token.next)
        while element < end {
            try body(JSONView(document: document, index: element))
            element = Int(document.tokens[element].next)
        }
    }

    /// Whether this is JSON's `null`, which providers send for "none" in place of leaving a key out.
    var isNull: Bool { token.kind == .null }

    /// The elements of an array; nil when this is not one.
    var elements: [JSONView]? {
        guard token.kind == .array else { return nil }
        var elements: [JSONView] = []
        var element = index + 1
        while element < Int(token.next) {
            elements.append(JSONView(document: document, index: element))
            element = Int(document.tokens[element].next)
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
        let start = Int(token.start) - (token.kind == .string ? 1 : 0)
        let end = Int(token.end) + (token.kind == .string ? 1 : 0)
        return String(decoding: document.bytes[start..<end], as: UTF8.self)
    }

    // MARK: - Members by kind, as provider decoders read them

    func object(_ key: String) -> JSONView? { self[key].flatMap { $0.isObject ? $0 : nil } }
    func array(_ key: String) -> [JSONView]? { self[key]?.elements }
    func string(_ key: String) -> String? { self[key]?.stringValue }
    func int(_ key: String) -> Int? { self[key]?.intValue }
    func bool(_ key: String) -> Bool? { self[key]?.boolValue }
}

/// A member's name, compared where it lies in the document.
struct JSONKey {
    fileprivate let document: JSONDocument
    fileprivate let index: Int

    func `is`(_ name: StaticString) -> Bool {
        name.withUTF8Buffer { document.key(at: index, equals: $0) }
    }
}

/// The bytes of one document and the tokens that locate its values. The tokens are never changed after
/// parsing, and every index a view holds was made by the parser, so they are read unchecked.
private final class JSONDocument: @unchecked Sendable {
    let bytes: [UInt8]
    let tokens: UnsafeMutablePointer<JSONToken>
    let tokenCount: Int

    init(bytes: [UInt8], tokens: UnsafeMutablePointer<JSONToken>, count: Int) {
        self.bytes = bytes
        self.tokens = tokens
        tokenCount = count
    }

    deinit {
        tokens.deinitialize(count: tokenCount)
        tokens.deallocate()
    }

    /// The token index of the value of the member named `key` in the object at `index`. Keys without
    /// escapes are compared as bytes, so a lookup decodes nothing.
    func member(of index: Int, named key: UnsafeBufferPointer<UInt8>) -> Int? {
        var member = index + 1
        let end = Int(tokens[index].next)
        while member < end {
            if self.key(at: member, equals: key) { return member + 1 }
            member = Int(tokens[member + 1].next)
        }
        return nil
    }

    /// Whether the key token at `index` is `name`; keys without escapes are compared as bytes.
    func key(at index: Int, equals name: UnsafeBufferPointer<UInt8>) -> Bool {
        let token = tokens[index]
        if token.escaped { return decodedString(at: index).utf8.elementsEqual(name) }
        guard Int(token.end - token.start) == name.count else { return false }
        return name.isEmpty || bytes.withUnsafeBufferPointer {
            memcmp($0.baseAddress! + Int(token.start), name.baseAddress!, name.count) == 0
        }
    }

    func decodedString(at index: Int) -> String {
        let token = tokens[index]
        let raw = bytes[Int(token.start)..<Int(token.end)]
        return token.escaped ? JSONTapeParser.unescape(raw) : String(decoding: raw, as: UTF8.self)
    }
}
