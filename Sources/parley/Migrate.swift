import Foundation
import ParleyCore
import ParleyStore

/// `parley migrate`: brings a database's schema up to date, and adds row-level security when asked.
struct Migrate {
    var database: String?
    var config: String?
    var rls = false

    static var parser: CommandLineParser<Migrate> {
        CommandLineParser(
            command: "parley migrate",
            overview: "Apply the pending schema migrations to the database, and row-level security with --rls.",
            discussion: nil,
            options: [
                .value("database", "url", "The database (default as for chatting).") { $0.database = $1 },
                .value("config", "path", "Read settings from this file.") { $0.config = $1 },
                .flag("rls", "Also apply schema/postgres/rls.sql (PostgreSQL only).") { $0.rls = true },
            ]
        )
    }

    /// Migrates; returns the exit status.
    func migrate(environment: [String: String]) async -> Int32 {
        let paths = Paths(environment: environment, configOverride: config, home: NSHomeDirectory())
        do throws(ParleyError) {
            let configured = database == nil
                ? try Configuration.load(from: paths.configFile).configuration.database : nil
            let url = try DatabaseURL.select(option: database, environment: environment, configured: configured,
                                             paths: paths)
            if rls, case .sqlite = url {
                throw ParleyError(.usage, "row-level security is PostgreSQL's; \(url) is a SQLite file",
                                  hint: "run parley migrate --rls --database postgresql://…")
            }
            let store = try await Store.open(url)
            var failure: ParleyError?
            if rls, let postgres = store as? PostgresDataLayer {
                do { try await postgres.applyRowLevelSecurity() } catch { failure = error }
            }
            await store.close()
            if let failure { throw failure }
            print("\(url): schema up to date" + (rls ? ", row-level security applied" : ""))
            return 0
        } catch {
            return reportFailure(error)
        }
    }
}

/// Prints an error that ends parley before any session, as `parley: what` and the hint; returns its status.
func reportFailure(_ error: ParleyError) -> Int32 {
    FileHandle.standardError.write(Data("parley: \(error.message)\n\(error.hint.isEmpty ? "" : error.hint + "\n")".utf8))
    return error.code.exitStatus
}
