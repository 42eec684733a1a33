import Foundation

/// Checks a JSON text against RFC 8259 and records the tokens `JSONView` reads; strings stay encoded.
///
/// Provider streams send thousands of documents a second, so it walks the bytes with a pointer and writes the
/// tokens in place: appending each to an Array checked the array's uniqueness and capacity every time, a third
/// of this pass.
struct JSONTapeParser {
    /// Deeper nesting is refused, so a hostile chunk cannot exhaust the stack.
    static let maximumDepth = 256

    private let base: UnsafePointer<UInt8>
    private let end: UnsafePointer<UInt8>
    private var cursor: UnsafePointer<UInt8>
    private var tokens: UnsafeMutablePointer<JSONToken>
    private var tokenCount = 0
    private var tokenCapacity: Int

    private init(bytes: UnsafeBufferPointer<UInt8>, base: UnsafePointer<UInt8>) {
        self.base = base
        end = base + bytes.count
        cursor = base
        // A token for every eight bytes or so (an OpenAI chunk: 36 in 270 bytes), so one allocation covers most
        // documents.
        tokenCapacity = min(bytes.count / 6, 4096) + 8
        tokens = .allocate(capacity: tokenCapacity)
    }

    /// The tokens of `bytes` (which the caller deallocates) and their count, or nil when the bytes are not
    /// exactly one JSON value (whitespace around it aside).
    static func tokens(of bytes: [UInt8]) -> (tokens: UnsafeMutablePointer<JSONToken>, count: Int)? {
        // Token offsets are 32-bit; parley's lines are capped far below that.
        guard bytes.count < Int(UInt32.max) else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var parser = JSONTapeParser(bytes: buffer, base: base)
            if parser.value(depth: 0) {
                parser.skipWhitespace()
                if parser.cursor == parser.end { return (parser.tokens, parser.tokenCount) }
            }
            parser.tokens.deallocate()
            return nil
        }
    }

    /// Adds a token; its index.
    @discardableResult @inline(__always)
    private mutating func append(_ token: JSONToken) -> Int {
        if tokenCount == tokenCapacity {
            let larger = UnsafeMutablePointer<JSONToken>.allocate(capacity: tokenCapacity * 2)
            larger.moveInitialize(from: tokens, count: tokenCount)
            tokens.deallocate()
            tokens = larger
            tokenCapacity *= 2
        }
        (tokens + tokenCount).initialize(to: token)
        tokenCount += 1
        return tokenCount - 1
    }

    private var offset: UInt32 { UInt32(truncatingIfNeeded: base.distance(to: cursor)) }

    private mutating func skipWhitespace() {
        while cursor < end {
            switch cursor.pointee {
            case 0x20, 0x0A, 0x0D, 0x09: cursor += 1
            default: return
            }
        }
    }

    /// The byte under the cursor after any whitespace; nil at the end.
    private mutating func nextByte() -> UInt8? {
        skipWhitespace()
        return cursor < end ? cursor.pointee : nil
    }

    private mutating func value(depth: Int) -> Bool {
        guard let byte = nextByte() else { return false }
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
        let index = append(JSONToken(kind: kind, start: offset, end: offset, next: UInt32(tokenCount + 1)))
        cursor += 1
        if nextByte() == close {
            cursor += 1
        } else {
            while true {
                if kind == .object {
                    guard nextByte() == UInt8(ascii: "\""), string(), nextByte() == UInt8(ascii: ":") else {
                        return false
                    }
                    cursor += 1
                }
                guard value(depth: depth + 1) else { return false }
                let byte = nextByte()
                if byte == UInt8(ascii: ",") {
                    cursor += 1
                } else if byte == close {
                    cursor += 1
                    break
                } else {
                    return false
                }
            }
        }
        tokens[index].end = offset
        tokens[index].next = UInt32(tokenCount)
        return true
    }

    private mutating func string() -> Bool {
        cursor += 1
        let start = offset
        var escaped = false
        while true {
            skipPlainBytes()
            guard cursor < end else { return false }
            switch cursor.pointee {
            case UInt8(ascii: "\""):
                append(JSONToken(kind: .string, escaped: escaped, start: start, end: offset,
                                 next: UInt32(tokenCount + 1)))
                cursor += 1
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
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        while end - cursor >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(cursor).loadUnaligned(as: UInt64.self))
            let quote = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
            let backslash = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
            // A byte's high bit is set here when it is zero (or below 0x20) and its own high bit was clear. A
            // borrow can only raise false alarms above a byte that really matched, so the lowest mark is exact.
            let special = (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                | ((word &- ones &* 0x20) & ~word)) & highBits
            if special != 0 {
                cursor += special.trailingZeroBitCount / 8
                return
            }
            cursor += 8
        }
        while cursor < end {
            let byte = cursor.pointee
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return }
            cursor += 1
        }
    }

    /// Checks and consumes one escape sequence, backslash included.
    private mutating func escape() -> Bool {
        cursor += 1
        guard cursor < end else { return false }
        switch cursor.pointee {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            cursor += 1
            return true
        case UInt8(ascii: "u"):
            guard end - cursor > 4, (1...4).allSatisfy({ Self.hexValue(cursor[$0]) != nil }) else { return false }
            cursor += 5
            return true
        default:
            return false
        }
    }

    private mutating func number() -> Bool {
        let start = offset
        if cursor.pointee == UInt8(ascii: "-") { cursor += 1 }
        if cursor < end, cursor.pointee == UInt8(ascii: "0") {
            cursor += 1
        } else {
            guard digits() else { return false }
        }
        if cursor < end, cursor.pointee == UInt8(ascii: ".") {
            cursor += 1
            guard digits() else { return false }
        }
        if cursor < end, cursor.pointee | 0x20 == UInt8(ascii: "e") {
            cursor += 1
            if cursor < end, cursor.pointee == UInt8(ascii: "+") || cursor.pointee == UInt8(ascii: "-") { cursor += 1 }
            guard digits() else { return false }
        }
        append(JSONToken(kind: .number, start: start, end: offset, next: UInt32(tokenCount + 1)))
        return true
    }

    /// Consumes one or more decimal digits.
    private mutating func digits() -> Bool {
        let start = cursor
        while cursor < end, cursor.pointee &- UInt8(ascii: "0") < 10 { cursor += 1 }
        return cursor > start
    }

    private mutating func literal(_ word: StaticString, _ kind: JSONToken.Kind) -> Bool {
        let count = word.utf8CodeUnitCount
        guard end - cursor >= count, memcmp(cursor, word.utf8Start, count) == 0 else { return false }
        append(JSONToken(kind: kind, start: offset, end: offset + UInt32(count), next: UInt32(tokenCount + 1)))
        cursor += count
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
