import Foundation

/// A decoded JSON object; provider chunks vary too much between servers for rigid Codable types.
typealias JSONObject = [String: Any]

extension Dictionary where Key == String, Value == Any {
    func object(_ key: String) -> JSONObject? { self[key] as? JSONObject }
    func array(_ key: String) -> [Any]? { self[key] as? [Any] }
    func string(_ key: String) -> String? { self[key] as? String }
    func bool(_ key: String) -> Bool? { (self[key] as? NSNumber)?.boolValue ?? self[key] as? Bool }

    func int(_ key: String) -> Int? {
        if let number = self[key] as? NSNumber { return number.intValue }
        return self[key] as? Int
    }

    /// Parses one JSON object; nil when the text is not one.
    static func parse(_ text: String) -> JSONObject? {
        guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { return nil }
        return value as? JSONObject
    }

    static func parse(_ data: Data) -> Any? {
        try? JSONSerialization.jsonObject(with: data)
    }

    /// Serialises a request body with stable key order, so requests are reproducible.
    func jsonData() -> Data {
        (try? JSONSerialization.data(withJSONObject: self, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}
