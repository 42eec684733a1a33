/// Checks a JSON text against RFC 8259 and records the tokens `JSONView` reads; strings stay encoded.
struct JSONTapeParser {
    /// Deeper nesting is refused, so a hostile chunk cannot exhaust the stack.
    static let maximumDepth = 256

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var tokens: [JSONToken] = []

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The tokens of `bytes`, or nil when they are not exactly one JSON value (whitespace around it aside).
    static func tokens(of bytes: [UInt8]) -> [JSONToken]? {
        bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONTapeParser(bytes: buffer)
            // An OpenAI chunk holds about 30 values; one allocation covers most documents.
            parser.tokens.reserveCapacity(32)
            guard parser.value(depth: 0) else { return nil }
            parser.skipWhitespace()
            return parser.position == buffer.count ? parser.tokens : nil
        }
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }

    private mutating func value(depth: Int) -> Bool {
        skipWhitespace()
        guard let byte = current else { return false }
        switch byte {
        case UInt8(ascii: "{"): return container(.object, closedBy: UInt8(ascii: "}"), depth: depth)
        case UInt8(ascii: "["): return container(.array, closedBy: UInt8(ascii: "]"), depth: depth)
        case UInt8(ascii: "\""): return string()
        case UInt8(ascii: "t"): return literal("true", .true)
        case UInt8(ascii: "f"): return literal("false", .false)
        case UInt8(ascii: "n"): return literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
        default: return false
        }
    }

    private mutating func container(_ kind: JSONToken.Kind, closedBy close: UInt8, depth: Int) -> Bool {
        guard depth < Self.maximumDepth else { return false }
        let index = tokens.count
        tokens.append(JSONToken(kind: kind, start: position, end: position, next: index + 1))
        position += 1
        skipWhitespace()
        if current == close {
            position += 1
        } else {
            while true {
                if kind == .object {
                    skipWhitespace()
                    guard current == UInt8(ascii: "\""), string() else { return false }
                    skipWhitespace()
                    guard current == UInt8(ascii: ":") else { return false }
                    position += 1
                }
                guard value(depth: depth + 1) else { return false }
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    position += 1
                } else if current == close {
                    position += 1
                    break
                } else {
                    return false
                }
            }
        }
        tokens[index].end = position
        tokens[index].next = tokens.count
        return true
    }

    private mutating func string() -> Bool {
        position += 1
        let start = position
        var escaped = false
        while true {
            skipPlainBytes()
            guard position < bytes.count else { return false }
            switch bytes[position] {
            case UInt8(ascii: "\""):
                tokens.append(JSONToken(kind: .string, escaped: escaped, start: start, end: position,
                                        next: tokens.count + 1))
                position += 1
                return true
            case UInt8(ascii: "\\"):
                escaped = true
                guard escape() else { return false }
            default:
                return false  // a control character, which JSON strings must escape
            }
        }
    }

    /// Moves to the next quote, backslash or control character of a string, eight bytes at a time with the
    /// usual word-at-a-time byte tests; most of a chunk's bytes are inside strings.
    private mutating func skipPlainBytes() {
        guard let base = bytes.baseAddress else { return }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        while position + 8 <= bytes.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
            let quote = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
            let backslash = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
            // A byte's high bit is set here when it is zero (or below 0x20) and its own high bit was clear. A
            // borrow can only raise false alarms above a byte that really matched, so the lowest mark is exact.
            let special = (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                | ((word &- ones &* 0x20) & ~word)) & highBits
            if special != 0 {
                position += special.trailingZeroBitCount / 8
                return
            }
            position += 8
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return }
            position += 1
        }
    }

    /// Checks and consumes one escape sequence, backslash included.
    private mutating func escape() -> Bool {
        position += 1
        guard let escape = current else { return false }
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            position += 1
            return true
        case UInt8(ascii: "u"):
            guard position + 4 < bytes.count,
                  (1...4).allSatisfy({ Self.hexValue(bytes[position + $0]) != nil }) else { return false }
            position += 5
            return true
        default:
            return false
        }
    }

    private mutating func number() -> Bool {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        if current == UInt8(ascii: "0") {
            position += 1
        } else {
            guard digits() else { return false }
        }
        if current == UInt8(ascii: ".") {
            position += 1
            guard digits() else { return false }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard digits() else { return false }
        }
        tokens.append(JSONToken(kind: .number, start: start, end: position, next: tokens.count + 1))
        return true
    }

    /// Consumes one or more decimal digits.
    private mutating func digits() -> Bool {
        let start = position
        while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
        return position > start
    }

    private mutating func literal(_ word: StaticString, _ kind: JSONToken.Kind) -> Bool {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] { return false }
        tokens.append(JSONToken(kind: kind, start: position, end: position + count, next: tokens.count + 1))
        position += count
        return true
    }

    // MARK: - Decoding strings

    /// Decodes the escapes of a string the parser accepted; a lone surrogate becomes U+FFFD.
    static func unescape(_ raw: ArraySlice<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                index += 1
                continue
            }
            let escape = raw[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var unit = hexQuad(raw, at: index)
                index += 4
                if (0xD800..<0xDC00).contains(unit), index + 5 < raw.endIndex,
                   raw[index] == UInt8(ascii: "\\"), raw[index + 1] == UInt8(ascii: "u") {
                    let low = hexQuad(raw, at: index + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                }
                output.append(contentsOf: String(Unicode.Scalar(unit) ?? "\u{FFFD}").utf8)
            default: output.append(escape)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexQuad(_ raw: ArraySlice<UInt8>, at index: Int) -> UInt32 {
        (0..<4).reduce(0) { value, offset in value << 4 | UInt32(hexValue(raw[index + offset]) ?? 0) }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
