import Foundation
import Testing

/// parley(1) documents every option `parley --help` offers.
@Suite("Options in the man page")
struct ManPageOptionTests {
    @Test("every option of --help has an entry in parley(1)")
    func everyOption() throws {
        let home = try ParleyBinary.makeHome()
        let help = try PipedRun.run("", arguments: ["--help"], home: home).output
        let page = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("man/parley.1"),
                              encoding: .utf8)
        let options = Set(help.matches(of: /--([a-z][a-z-]+)/).map { String($0.1) })
        #expect(options.count >= 8, "\(options)")
        for option in options {
            #expect(page.contains("Fl -\(option)"), "man/parley.1 lacks --\(option)")
        }
    }
}
