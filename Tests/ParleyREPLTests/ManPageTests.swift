import Foundation
import Testing

@testable import ParleyREPL

/// parley(1) is the reference: every registered command must be in it, and it must be clean mdoc.
@Suite("The man page")
struct ManPageTests {
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("man/parley.1").path

    let page: String

    init() throws {
        page = try String(contentsOfFile: Self.path, encoding: .utf8)
    }

    @Test("every registered command has an entry, and its aliases are named", arguments: CommandRegistry.builtIn.map(\.spec))
    func listsCommand(spec: CommandSpec) {
        #expect(page.contains(".It Ic /\(spec.name)"), "man/parley.1 lacks an entry for /\(spec.name)")
        for alias in spec.aliases {
            #expect(page.contains(".Ic /\(alias)"), "man/parley.1 does not mention /\(alias), an alias of /\(spec.name)")
        }
    }

    @Test("every exit status parley uses is listed")
    func listsExitStatuses() {
        let section = page.components(separatedBy: ".Sh EXIT STATUS").last ?? ""
        for status in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 130] {
            #expect(section.contains(".It \(status)"), "EXIT STATUS lacks \(status)")
        }
    }

    @Test("mandoc -Tlint finds nothing to fix")
    func lintClean() throws {
        guard let mandoc = ["/usr/bin/mandoc", "/usr/local/bin/mandoc"].first(where: FileManager.default.isExecutableFile) else {
            // Where tests must be complete, a missing linter is a failure, not a skip.
            #expect(ProcessInfo.processInfo.environment["CI"] == nil, "mandoc is not installed")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: mandoc)
        process.arguments = ["-Tlint", "-W", "style", Self.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        // Cross-references are checked against the machine's own man database, which says nothing about the page.
        let findings = output.split(separator: "\n").filter { !$0.contains("mandoc.db") }
        #expect(findings.isEmpty, "\(findings.joined(separator: "\n"))")
    }
}
