import Foundation
import ParleyCore

/// A request body under construction; replies are read with `JSONView`.
typealias JSONObject = [String: JSONValue]

extension Dictionary where Key == String, Value == JSONValue {
    /// Serialises a request body with sorted keys, so requests are reproducible. The encoder is Foundation's
    /// essentials one: JSONSerialization sorts keys by a locale-aware comparison that loads ICU's data.
    func jsonData() -> Data {
        Data(JSONValue.object(self).jsonText.utf8)
    }
}
