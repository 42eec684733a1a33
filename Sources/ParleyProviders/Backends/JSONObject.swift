import Foundation

/// A request body under construction; replies are read with `JSONView`.
typealias JSONObject = [String: Any]

extension Dictionary where Key == String, Value == Any {
    /// Serialises a request body with stable key order, so requests are reproducible.
    func jsonData() -> Data {
        (try? JSONSerialization.data(withJSONObject: self, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}
