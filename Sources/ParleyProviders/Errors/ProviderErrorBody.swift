import Foundation

/// The message and codes found in an error body, whatever shape the server used.
struct ProviderErrorBody: Sendable, Equatable {
    var message: String
    /// `type`, `code` or `status` strings the body carried, such as `insufficient_quota` or `API_KEY_INVALID`.
    var codes: [String]

    /// Reads every known shape: `error.{type,code,status,message}` (OpenAI, Anthropic, Gemini and its
    /// `details[].reason`), `errors[0]` (Cloudflare), `[0].error` (Gemini arrays), `{detail}`,
    /// `{"error":"…"}` (Ollama) and `{message}`; anything else is shown raw.
    init(_ body: Data) {
        let parsed = JSONObject.parse(body)
        if let found = (parsed as? JSONObject).flatMap(Self.read) ?? (parsed as? [Any])?.first
            .flatMap({ ($0 as? JSONObject).flatMap(Self.read) }) {
            self = found
            return
        }
        let raw = String(decoding: body.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        self.init(message: raw, codes: [])
    }

    init(message: String, codes: [String]) {
        self.message = message
        self.codes = codes
    }

    /// Reads an error object found inside a stream chunk.
    init?(object: JSONObject) {
        guard let found = Self.read(object) else { return nil }
        self = found
    }

    private static func read(_ object: JSONObject) -> ProviderErrorBody? {
        if let error = object.object("error") { return fields(of: error) }
        if let text = object.string("error") { return ProviderErrorBody(message: text, codes: []) }
        if let first = object.array("errors")?.first as? JSONObject { return fields(of: first) }
        if let detail = object["detail"] {
            let text = detail as? String ?? (detail as? JSONObject)?.string("message") ?? "\(detail)"
            return ProviderErrorBody(message: text, codes: [object.string("status")].compactMap { $0 })
        }
        if object.string("message") != nil { return fields(of: object) }
        return nil
    }

    private static func fields(of error: JSONObject) -> ProviderErrorBody? {
        var codes = ["type", "code", "status"].compactMap { error.string($0) }
        for case let detail as JSONObject in error.array("details") ?? [] {
            if let reason = detail.string("reason") { codes.append(reason) }
        }
        guard let message = error.string("message") ?? codes.first else { return nil }
        return ProviderErrorBody(message: message, codes: codes)
    }
}
