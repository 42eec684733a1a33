import Foundation

/// Where the built `parley` is, and a private home for each run so tests never touch the real one.
enum ParleyBinary {
    /// `PARLEY_BINARY`, else the executable built beside this test bundle.
    static var path: String {
        if let explicit = ProcessInfo.processInfo.environment["PARLEY_BINARY"] { return explicit }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = bundle.deletingLastPathComponent()
        // The test binary may sit inside an .xctest bundle directory.
        while directory.pathExtension == "xctest" || directory.lastPathComponent == "Contents"
            || directory.lastPathComponent == "MacOS" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("parley").path
    }

    /// A fresh directory standing for $HOME, with the XDG variables pointing inside it.
    static func makeHome() throws -> TestHome {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("parley-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        return TestHome(root: root.path)
    }
}

/// A throwaway $HOME; removed when the value goes away.
final class TestHome: Sendable {
    let root: String

    init(root: String) {
        self.root = root
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    var historyFile: String { root + "/state/parley/history" }
    var configFile: String { root + "/config/parley/config.yaml" }

    /// The environment parley runs in: only what it needs, so the developer's own settings never leak in.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "HOME": root,
            "XDG_CONFIG_HOME": root + "/config",
            "XDG_STATE_HOME": root + "/state",
            "XDG_DATA_HOME": root + "/data",
            "PATH": "/usr/bin:/bin",
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
        ]
        environment.merge(extra) { $1 }
        return environment
    }

    func writeConfig(_ text: String) throws {
        try FileManager.default.createDirectory(atPath: root + "/config/parley", withIntermediateDirectories: true)
        try text.write(toFile: configFile, atomically: true, encoding: .utf8)
    }
}
