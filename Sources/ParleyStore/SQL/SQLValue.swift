/// A value bound to a statement parameter or read from a result column.
enum SQLValue: Sendable, Equatable {
    case null
    case text(String)
    case int(Int)
    case bool(Bool)
    case bytes([UInt8])

    /// nil becomes SQL NULL, so optional fields bind without ceremony.
    static func text(_ value: String?) -> SQLValue {
        value.map { .text($0) } ?? .null
    }

    static func int(_ value: Int?) -> SQLValue {
        value.map { .int($0) } ?? .null
    }

    static func bool(_ value: Bool?) -> SQLValue {
        value.map { .bool($0) } ?? .null
    }
}
