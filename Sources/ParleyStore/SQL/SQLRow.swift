import ParleyCore

/// One result row; accessors accept both stores' spellings (PostgreSQL text, SQLite integers and blobs).
struct SQLRow: Sendable {
    var values: [SQLValue]

    func text(_ index: Int) -> String? {
        guard values.indices.contains(index) else { return nil }
        switch values[index] {
        case .text(let value): return value
        case .int(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .null, .bytes: return nil
        }
    }

    func int(_ index: Int) -> Int? {
        guard values.indices.contains(index) else { return nil }
        switch values[index] {
        case .int(let value): return value
        case .text(let value): return Int(value)
        case .bool(let value): return value ? 1 : 0
        case .null, .bytes: return nil
        }
    }

    func bool(_ index: Int) -> Bool? {
        guard values.indices.contains(index) else { return nil }
        switch values[index] {
        case .bool(let value): return value
        case .int(let value): return value != 0
        case .text(let value): return value == "t" || value == "true" || value == "1"
        case .null, .bytes: return nil
        }
    }

    /// PostgreSQL sends bytea as `\x` and hex digits in text results.
    func bytes(_ index: Int) -> [UInt8]? {
        guard values.indices.contains(index) else { return nil }
        switch values[index] {
        case .bytes(let value): return value
        case .text(let value) where value.hasPrefix("\\x"): return Self.hexDecode(value.dropFirst(2))
        default: return nil
        }
    }

    func json(_ index: Int) -> JSONValue? {
        text(index).flatMap { JSONValue(jsonText: $0) }
    }

    func object(_ index: Int) -> [String: JSONValue] {
        json(index)?.objectValue ?? [:]
    }

    /// Tags are a JSON array in both stores' results (PostgreSQL's TEXT[] is read through to_json).
    func strings(_ index: Int) -> [String]? {
        guard case .array(let items)? = json(index) else { return nil }
        return items.compactMap { item in
            if case .string(let text) = item { return text }
            return nil
        }
    }

    private static func hexDecode(_ hex: Substring) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(hex.count / 2)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) ?? hex.endIndex
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            result.append(byte)
            index = next
        }
        return result
    }
}
