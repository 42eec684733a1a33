import Foundation
import Testing
import ParleyCore
@testable import ParleyStore

/// The two stores the conformance tests run against, unchanged.
enum StoreKind: String, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// PostgreSQL is left out only when it is not required (no CI) and not available.
    static var all: [StoreKind] {
        TestPostgres.enabled ? [.sqlite, .postgres] : [.sqlite]
    }

    /// A fresh, empty database of this kind.
    func makeDatabase() throws -> TestDatabase {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("parley-store-tests-" + UUID().uuidString).path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            return TestDatabase(kind: self, location: directory + "/parley.sqlite3")
        case .postgres:
            return TestDatabase(kind: self, location: try TestPostgres.createDatabase())
        }
    }
}

