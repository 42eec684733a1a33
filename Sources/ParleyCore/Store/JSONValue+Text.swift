import Foundation

extension JSONValue {
    /// Compact JSON with sorted keys, so equal values are stored as equal text. Written here rather than by
    /// JSONEncoder: every message encodes its request body and its steps' columns, and the encoder's first use
    /// in a run cost about 1 ms of generic metadata and conformance lookups (callgrind, one piped prompt). A
    /// number that is not finite, which JSON cannot hold, is written as null.
    public var jsonText: String {
        var bytes: [UInt8] = []
        write(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private func write(to bytes: inout [UInt8]) {
        switch self {
        case .null: bytes += "null".utf8
        case .bool(let value): bytes += (value ? "true" : "false").utf8
        case .int(let value): bytes += String(value).utf8
        case .double(let value):
            guard value.isFinite else {
                bytes += "null".utf8
                return
            }
            // 2.0 is written 2, as JSONEncoder writes it.
            let text = value.description
            bytes += (text.hasSuffix(".0") ? text.dropLast(2) : Substring(text)).utf8
        case .string(let value): Self.write(string: value, to: &bytes)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                element.write(to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (index, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                Self.write(string: member.key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                member.value.write(to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Quotes and escapes a string: quotation marks, backslashes and control characters; everything else,
    /// slashes and non-ASCII letters included, as its UTF-8.
    private static func write(string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                bytes += utf8[start..<index]
                start = index + 1
                switch byte {
                case 0x22: bytes += #"\""#.utf8
                case 0x5C: bytes += #"\\"#.utf8
                case 0x0A: bytes += #"\n"#.utf8
                case 0x0D: bytes += #"\r"#.utf8
                case 0x09: bytes += #"\t"#.utf8
                case 0x08: bytes += #"\b"#.utf8
                case 0x0C: bytes += #"\f"#.utf8
                default:
                    let digits = Array("0123456789abcdef".utf8)
                    bytes += #"\u00"#.utf8
                    bytes += [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]]
                }
            }
            bytes += utf8[start...]
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Parses stored JSON text; nil for text that is not JSON, which a store reports as its own error.
    public init?(jsonText: String) {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(jsonText.utf8)) else { return nil }
        self = value
    }

    /// The members of an object; empty for anything else, as Chainlit treats missing metadata as `{}`.
    public var objectValue: [String: JSONValue] {
        if case .object(let members) = self { return members }
        return [:]
    }
}
