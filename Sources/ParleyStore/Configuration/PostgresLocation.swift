import Foundation
import ParleyCore

/// A PostgreSQL URL taken apart: what libpq gets, and what a person may see.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// The URL for libpq, with any SQLAlchemy driver suffix (`+asyncpg`) removed.
    public let connectionURL: String
    /// The URL with the password replaced by `***`, for every message and log.
    public let redacted: String
    /// The server is on this machine and the URL leaves TLS to libpq's default. libpq's default asks the server
    /// for TLS first, a round trip (about 1 ms here) that only protects traffic on a network; so a plain
    /// connection is tried first instead (by parley's libpq without TLS where it is installed, else with
    /// libpq's `allow`), and a server that insists on TLS gets it at the second try.
    let triesPlainFirst: Bool
    /// How long a statement may wait for the server's answer (see StatementDeadline).
    public var answerTimeout: Duration = .seconds(15)

    public var description: String { redacted }

    init(parsing text: String, scheme: String) throws(ParleyError) {
        let normalised = "postgresql" + String(text.dropFirst(scheme.count))
        guard let components = URLComponents(string: normalised) else {
            throw ParleyError(.usage, "the database URL does not parse: \(Self.redact(text))",
                              hint: "use postgresql://user:password@host:port/database "
                                  + "(percent-encode @ : / in the password)")
        }
        if components.percentEncodedPath.count > 1, components.percentEncodedPath.dropFirst().contains("/") {
            throw ParleyError(.usage, "the database URL names more than a database: \(Self.redact(text))",
                              hint: "use postgresql://user:password@host:port/database")
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw ParleyError(.usage, "the database URL has an invalid port: \(Self.redact(text))")
        }
        connectionURL = normalised
        redacted = Self.redact(normalised)
        // Parameters that choose the host, TLS or channel binding some other way; a service may do any of them.
        let choosing = ["requiressl", "host", "hostaddr", "service", "channel_binding"]
        let choosesTransport = (components.queryItems ?? []).contains { item in
            let name = item.name.lowercased()
            return choosing.contains(name) || name.hasPrefix("ssl") || name.hasPrefix("gss")
        }
        // The host as written: decoding it (`host`) would load the international domain name tables for nothing.
        let loopback = ["localhost", "127.0.0.1", "::1", "[::1]"]
        triesPlainFirst = loopback.contains(components.percentEncodedHost?.lowercased() ?? "") && !choosesTransport
    }

    /// Hides the password of a URL even when the URL itself does not parse.
    static func redact(_ text: String) -> String {
        var result = text
        if let schemeEnd = result.range(of: "://") {
            let authorityEnd = result[schemeEnd.upperBound...].firstIndex { "/?#".contains($0) } ?? result.endIndex
            let authority = result[schemeEnd.upperBound..<authorityEnd]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                result.replaceSubrange(result.index(after: colon)..<at, with: "***")
            }
        }
        // libpq also takes the password, and the TLS key's, as query parameters, each possibly more than once.
        guard let questionMark = result.firstIndex(of: "?") else { return result }
        let secret = ["password", "sslpassword"]
        let query = result[result.index(after: questionMark)...]
        let parameters = query.split(separator: "&", omittingEmptySubsequences: false).map { parameter -> String in
            guard let equals = parameter.firstIndex(of: "="),
                  secret.contains(parameter[..<equals].lowercased()) else { return String(parameter) }
            return parameter[...equals] + "***"
        }
        return result[...questionMark] + parameters.joined(separator: "&")
    }
}
