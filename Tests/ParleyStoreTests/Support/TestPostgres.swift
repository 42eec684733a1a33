import Foundation
import ParleyCore
import Testing
@testable import ParleyStore

/// The test server from Tests/with-postgres.sh; each test gets a database of its own so tests run in parallel.
enum TestPostgres {
    static let reason: Comment = "needs PostgreSQL: run under Tests/with-postgres.sh (PARLEY_TEST_DATABASE_URL)"

    static var adminURL: String? {
        ProcessInfo.processInfo.environment["PARLEY_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// On CI the PostgreSQL tests must run: enabled there even without a server, so they fail instead of skipping.
    static var enabled: Bool {
        adminURL != nil || !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty
    }

    static func requireAdminURL() throws -> String {
        guard let adminURL else {
            throw ParleyError(.database, "CI is set but PARLEY_TEST_DATABASE_URL is not",
                              hint: "run the tests under Tests/with-postgres.sh")
        }
        return adminURL
    }

    /// Creates an empty database and returns its URL.
    static func createDatabase() throws -> String {
        let admin = try requireAdminURL()
        let name = "parley_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let connection = try connect(admin)
        // The name is generated here from hex digits, never taken from input.
        try connection.run(script: "CREATE DATABASE \(name)")
        return url(admin, database: name)
    }

    static func url(_ base: String, database: String? = nil, user: String? = nil, password: String? = nil) -> String {
        guard var components = URLComponents(string: base) else { return base }
        if let database { components.path = "/" + database }
        if let user { components.user = user }
        if let password { components.password = password }
        return components.string ?? base
    }

    static func connect(_ url: String) throws -> PostgresConnection {
        try PostgresConnection(url: url, location: PostgresLocation.redact(url))
    }

    static func location(_ url: String) throws -> PostgresLocation {
        guard case .postgres(let location) = try DatabaseURL(parsing: url) else {
            throw ParleyError(.usage, "not a PostgreSQL URL: \(url)")
        }
        return location
    }
}
