import ParleyCore
import Testing
@testable import ParleyStore

@Suite("Database URLs")
struct DatabaseURLTests {
    @Test("postgres and postgresql URLs, with or without a SQLAlchemy driver, go to libpq as postgresql://",
          arguments: [
              "postgres://ann@db.example:5433/chats",
              "postgresql://ann@db.example:5433/chats",
              "postgresql+asyncpg://ann@db.example:5433/chats",
          ])
    func postgresSchemes(text: String) throws {
        guard case .postgres(let location) = try DatabaseURL(parsing: text) else {
            Issue.record("not read as PostgreSQL: \(text)")
            return
        }
        #expect(location.connectionURL == "postgresql://ann@db.example:5433/chats")
    }

    @Test("a server on this machine is tried without TLS first, unless the URL chooses TLS, host or service",
          arguments: [
              ("postgresql://ann@127.0.0.1:5432/chats", true), ("postgresql://ann@localhost/chats", true),
              ("postgresql://ann@[::1]:5432/chats", true), ("postgresql://ann@LOCALHOST/chats?connect_timeout=3", true),
              ("postgresql://ann@db.example/chats", false), ("postgresql://ann@10.0.0.7/chats", false),
              ("postgresql://ann@localhost/chats?sslmode=require", false),
              ("postgresql://ann@localhost/chats?host=db.example", false),
              ("postgresql:///chats?host=/var/run/postgresql", false),
              ("postgresql://ann@localhost/chats?service=work", false),
              ("postgresql://ann@localhost/chats?sslrootcert=system", false),
              ("postgresql://ann@localhost/chats?channel_binding=require", false),
              ("postgresql://ann@localhost/chats?gssencmode=require", false),
          ])
    func plainFirst(text: String, expected: Bool) throws {
        guard case .postgres(let location) = try DatabaseURL(parsing: text) else {
            Issue.record("not read as PostgreSQL: \(text)")
            return
        }
        #expect(location.triesPlainFirst == expected, "\(text)")
    }

    @Test("the password never appears in the description", arguments: [
        "postgresql://ann:s3cret@db.example/chats",
        "postgresql+asyncpg://ann:s3cret@db.example:5432/chats?sslmode=require",
        "postgresql://db.example/chats?user=ann&password=s3cret",
        "postgresql://ann:s3cret@db.example:99999/chats",
        "postgresql://db.example/chats?sslpassword=s3cret&password=s3cret",
        "postgresql://db.example/chats?user=ann&PASSWORD=s3cret&password=s3cret",
    ])
    func redaction(text: String) {
        do {
            let url = try DatabaseURL(parsing: text)
            #expect(!url.description.contains("s3cret"))
            #expect(url.description.contains("***"))
        } catch {
            #expect(!error.description.contains("s3cret"))
        }
    }

    @Test("only the password parameters are redacted, each of them, matched by whole name", arguments: [
        ("postgresql://db/c?sslpassword=k&password=p&passwordless=1",
         "postgresql://db/c?sslpassword=***&password=***&passwordless=1"),
        ("postgresql://ann:p@db/c?application_name=mypassword=x",
         "postgresql://ann:***@db/c?application_name=mypassword=x"),
        ("postgresql://db/c?password=", "postgresql://db/c?password=***"),
    ])
    func redactedParameters(text: String, expected: String) {
        #expect(PostgresLocation.redact(text) == expected)
    }

    @Test("a path starting with ~ is in the home directory, as a shell would have it")
    func homePath() throws {
        let home = try #require(ProcessEnvironment.current()["HOME"])
        #expect(try DatabaseURL(parsing: "~/chats.sqlite3") == .sqlite(path: home + "/chats.sqlite3"))
        #expect(try DatabaseURL(parsing: "sqlite:~/chats.sqlite3") == .sqlite(path: home + "/chats.sqlite3"))
    }

    @Test("paths and sqlite URLs name an SQLite file", arguments: [
        ("/var/lib/parley/chats.sqlite3", "/var/lib/parley/chats.sqlite3"),
        ("sqlite:///tmp/x.db", "/tmp/x.db"),
        ("sqlite:relative.db", "relative.db"),
        ("./here.sqlite3", "./here.sqlite3"),
    ])
    func sqlitePaths(text: String, path: String) throws {
        #expect(try DatabaseURL(parsing: text) == .sqlite(path: path))
    }

    @Test("URLs that do not parse are clear usage errors", arguments: [
        "mysql://ann@db/chats", "postgresql://ann@db:notaport/chats", "postgresql://ann@db:70000/chats", "  ",
        "postgresql://ann@db/chats/extra", "sqlite://",
    ])
    func badURLs(text: String) {
        #expect(throws: ParleyError.self) { try DatabaseURL(parsing: text) }
    }

    @Test("--database beats PARLEY_DATABASE_URL, then CHAINLIT_DATABASE_URL, then DATABASE_URL, then SQLite")
    func selection() throws {
        let paths = Paths(configFile: "/c", stateDirectory: "/s", dataDirectory: "/d/parley")
        let all = [
            "PARLEY_DATABASE_URL": "/p.db", "CHAINLIT_DATABASE_URL": "/c.db", "DATABASE_URL": "/g.db",
        ]
        #expect(try DatabaseURL.select(option: "/o.db", environment: all, paths: paths) == .sqlite(path: "/o.db"))
        #expect(try DatabaseURL.select(option: nil, environment: all, paths: paths) == .sqlite(path: "/p.db"))
        var rest = all
        rest["PARLEY_DATABASE_URL"] = ""
        #expect(try DatabaseURL.select(option: nil, environment: rest, paths: paths) == .sqlite(path: "/c.db"))
        rest["CHAINLIT_DATABASE_URL"] = nil
        #expect(try DatabaseURL.select(option: nil, environment: rest, paths: paths) == .sqlite(path: "/g.db"))
        #expect(try DatabaseURL.select(option: nil, environment: [:], paths: paths)
                    == .sqlite(path: "/d/parley/parley.sqlite3"))
    }

    @Test("the configuration file's database comes after PARLEY_DATABASE_URL and before the other variables")
    func configuredSelection() throws {
        let paths = Paths(configFile: "/c", stateDirectory: "/s", dataDirectory: "/d/parley")
        let generic = ["CHAINLIT_DATABASE_URL": "/c.db", "DATABASE_URL": "/g.db"]
        func select(_ environment: [String: String]) throws -> DatabaseURL {
            try DatabaseURL.select(option: nil, environment: environment, configured: "/f.db", paths: paths)
        }
        #expect(try select(generic) == .sqlite(path: "/f.db"))
        #expect(try select(generic.merging(["PARLEY_DATABASE_URL": "/p.db"]) { $1 }) == .sqlite(path: "/p.db"))
        #expect(try DatabaseURL.select(option: "/o.db", environment: [:], configured: "/f.db", paths: paths)
                    == .sqlite(path: "/o.db"))
        do {
            _ = try DatabaseURL.select(option: nil, environment: generic, configured: "redis://x", paths: paths)
            Issue.record("accepted redis://")
        } catch {
            #expect(error.message.hasPrefix("database in /c:"), "\(error.message)")
        }
    }

    @Test("a bad URL in a variable names the variable")
    func badVariable() {
        let paths = Paths(configFile: "/c", stateDirectory: "/s", dataDirectory: "/d")
        do {
            _ = try DatabaseURL.select(option: nil, environment: ["DATABASE_URL": "redis://x"], paths: paths)
            Issue.record("accepted redis://")
        } catch {
            #expect(error.message.hasPrefix("DATABASE_URL:"))
        }
    }
}
