import Foundation
import Testing

/// Which libcurl and libpq parley loads: its own builds (HTTP and TLS; PostgreSQL with TLS only, and without TLS
/// for a server on this machine) when they are installed beside the executable, else the system's. Each must
/// carry a chat.
@Suite("parley's own C libraries")
struct PrivateLibraryTests {
    /// After one message (which loads the libraries), the values of /settings' `http:` and `postgres:` lines.
    private func libraries(binary: String = ParleyBinary.path, database: String? = nil, user: String? = nil) throws
        -> (http: String, postgres: String, run: PipedRun) {
        let home = try ParleyBinary.makeHome()
        let arguments = ["--model", "m"] + (database.map { ["--database", $0] } ?? [])
            + (user.map { ["--user", $0] } ?? [])
        let run = try PipedRun.run("Hi\n/settings\n", arguments: arguments, home: home,
                                   environment: ReplayServer.shared.environment(token: UUID().uuidString),
                                   binary: binary)
        func value(_ label: String) -> String {
            let line = run.output.split(separator: "\n").first { $0.hasPrefix(label + ":") }
            return line.map { $0.dropFirst(label.count + 1).trimmingCharacters(in: .whitespaces) } ?? ""
        }
        return (value("http"), value("postgres"), run)
    }

    /// The file a `/settings` library line names, between its last parentheses.
    private func path(in line: String) throws -> String {
        try #require(line.split(separator: "(").last.map { String($0.dropLast()) })
    }

    /// The shared libraries `path` needs, by soname, as ldd lists them.
    private func needed(by path: String) throws -> Set<String> {
        let ldd = Process()
        ldd.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        ldd.arguments = [path]
        let output = Pipe()
        ldd.standardOutput = output
        try ldd.run()
        let listing = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        ldd.waitUntilExit()
        return Set(listing.split(separator: "\n").compactMap { line -> String? in
            let name = line.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init)
            return name.flatMap { $0.hasPrefix("linux-vdso") || $0.hasPrefix("/") ? nil : $0 }
        })
    }

    @Test("the build's own libcurl is loaded, and it needs OpenSSL and the C library only")
    func ownCurl() throws {
        let (http, postgres, run) = try libraries()
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.hasPrefix("Hello, wörld!\n"))
        #expect(http.contains("OpenSSL/"), "\(http)")
        #expect(postgres.isEmpty, "a chat kept in SQLite loads no libpq: \(postgres)")
        let path = try path(in: http)
        #expect(path.hasSuffix("/lib/parley/libcurl.so.4"), "\(http)")
        #expect(try needed(by: path) == ["libssl.so.3", "libcrypto.so.3", "libc.so.6"])
    }

    @Test("a server on this machine gets the build's libpq without TLS, which needs the C library only",
          .enabled(if: ChainlitPeer.available, ChainlitPeer.unavailableReason))
    func ownPlainLibpq() throws {
        let database = try ChainlitPeer.freshDatabase()
        let (_, postgres, run) = try libraries(database: database)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.hasPrefix("Hello, wörld!\n"))
        #expect(postgres.hasPrefix("libpq 1"), "\(postgres)")
        let path = try path(in: postgres)
        #expect(path.hasSuffix("/lib/parley/libpq-plain.so.5"), "\(postgres)")
        #expect(try needed(by: path) == ["libc.so.6"])
        #expect(try ChainlitPeer.threadIds(database).count == 1)
    }

    @Test("a URL that chooses TLS itself gets the build's libpq with TLS, which needs OpenSSL and the C library only",
          .enabled(if: ChainlitPeer.available, ChainlitPeer.unavailableReason))
    func ownLibpq() throws {
        let database = try ChainlitPeer.freshDatabase()
        let (_, postgres, run) = try libraries(database: database + "?sslmode=require")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.hasPrefix("Hello, wörld!\n"))
        let path = try path(in: postgres)
        #expect(path.hasSuffix("/lib/parley/libpq.so.5"), "\(postgres)")
        #expect(try needed(by: path) == ["libssl.so.3", "libcrypto.so.3", "libc.so.6"])
        #expect(try ChainlitPeer.threadIds(database).count == 1)
    }

    @Test("a server on this machine that refuses plain connections is asked again over TLS",
          .enabled(if: ChainlitPeer.available, ChainlitPeer.unavailableReason))
    func plainRefused() throws {
        let database = try #require(ProcessInfo.processInfo.environment["PARLEY_TEST_TLS_URL"],
                                    "with-postgres.sh exports PARLEY_TEST_TLS_URL where openssl is installed")
        #expect(throws: (any Error).self, "the role must not log in without TLS") {
            try ChainlitPeer.rows(database + "?sslmode=disable", "SELECT 1")
        }
        let user = "tls-" + UUID().uuidString
        let (_, postgres, run) = try libraries(database: database, user: user)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.hasPrefix("Hello, wörld!\n"))
        #expect(try path(in: postgres).hasSuffix("/lib/parley/libpq.so.5"), "\(postgres)")
        let saved = try ChainlitPeer.rows(database + "?sslmode=require",
                                          "SELECT name FROM threads WHERE \"userIdentifier\" = '\(user)'")
        #expect(saved == ["Hi"])
    }

    @Test("without its own builds beside it, parley uses the system's libcurl and libpq",
          .enabled(if: ChainlitPeer.available, ChainlitPeer.unavailableReason))
    func systemLibraries() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-bin-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("bin"),
                                                withIntermediateDirectories: true)
        let copy = directory.appendingPathComponent("bin/parley").path
        try FileManager.default.copyItem(atPath: ParleyBinary.path, toPath: copy)
        let database = try ChainlitPeer.freshDatabase()
        let (http, postgres, run) = try libraries(binary: copy, database: database)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.hasPrefix("Hello, wörld!\n"))
        #expect(http.hasSuffix("(libcurl.so.4)"), "\(http)")
        #expect(postgres.hasSuffix("(libpq.so.5)"), "\(postgres)")
        #expect(try ChainlitPeer.threadIds(database).count == 1)
    }
}
