import Foundation

extension JSONValue {
    /// Compact JSON with sorted keys, so equal values are stored as equal text.
    public var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self), let text = String(data: data, encoding: .utf8) else {
            return "null"
        }
        return text
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
