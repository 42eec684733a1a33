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
        let parsed = JSONView.parse(bytes: [UInt8](body))
        if let found = parsed.flatMap(Self.read) ?? parsed?.elements?.first.flatMap(Self.read) {
            self = found
            return
        }
        self.init(message: Self.plainText(String(decoding: body.prefix(4096), as: UTF8.self)), codes: [])
    }

    /// A body that is not JSON, as one short line: a web page's text without its markup (its headings say what
    /// went wrong; the head, styles and scripts say nothing), whitespace run together.
    static func plainText(_ raw: String) -> String {
        var text = raw
        if text.range(of: "<html", options: .caseInsensitive) != nil || text.hasPrefix("<!DOCTYPE") {
            for element in ["head", "style", "script"] {
                text = text.replacingOccurrences(of: "(?s)<\(element)[^>]*>.*?</\(element)>", with: " ",
                                                 options: [.regularExpression, .caseInsensitive])
            }
            text = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        }
        let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return words.count > 200 ? String(words.prefix(200)) + "…" : words
    }

    init(message: String, codes: [String]) {
        self.message = message
        self.codes = codes
    }

    /// Reads an error object found inside a stream chunk.
    init?(object: JSONView) {
        guard let found = Self.read(object) else { return nil }
        self = found
    }

    private static func read(_ object: JSONView) -> ProviderErrorBody? {
        guard object.isObject else { return nil }
        if let error = object.object("error") { return fields(of: error) }
        if let text = object.string("error") { return ProviderErrorBody(message: text, codes: []) }
        if let first = object.array("errors")?.first, first.isObject { return fields(of: first) }
        if let detail = object["detail"] {
            let text = detail.stringValue ?? detail.string("message") ?? detail.rawText
            return ProviderErrorBody(message: text, codes: [object.string("status")].compactMap { $0 })
        }
        if object.string("message") != nil { return fields(of: object) }
        return nil
    }

    private static func fields(of error: JSONView) -> ProviderErrorBody? {
        var codes = ["type", "code", "status"].compactMap { error.string($0) }
        for detail in error.array("details") ?? [] {
            if let reason = detail.string("reason") { codes.append(reason) }
        }
        guard let message = error.string("message") ?? codes.first else { return nil }
        return ProviderErrorBody(message: message, codes: codes)
    }
}
