import Foundation
import Synchronization

/// The providers' replay server (Tests/ParleyProvidersTests/Server), shared by every chat test of this run.
final class ReplayServer: Sendable {
    static let shared = ReplayServer()

    let port: Int
    // Held open: the server exits when this pipe closes, that is when the test process ends.
    private let input: Pipe
    private let process: Mutex<Process?>

    private init() {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("ParleyProvidersTests/Server/provider_server.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        self.input = input
        var text = ""
        if (try? process.run()) != nil {
            while !text.contains("\n") {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
            }
        }
        port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        self.process = Mutex(process)
    }

    /// An OpenAI-compatible base URL answering as `scenario`, recording under `token`.
    func openAIBase(token: String, scenario: String = "ok") -> String {
        "http://127.0.0.1:\(port)/t/\(token)/\(scenario)/v1"
    }

    /// The environment that makes parley talk to this server as its OpenAI provider.
    func environment(token: String, scenario: String = "ok") -> [String: String] {
        ["OPENAI_API_KEY": "sk-test1234567890abcd", "OPENAI_BASE_URL": openAIBase(token: token, scenario: scenario)]
    }

    /// The text of the last user message the model was sent under `token`.
    func lastUserText(token: String) throws -> String? {
        let messages = try chatRequests(token: token).last?["messages"] as? [[String: Any]] ?? []
        return messages.last { $0["role"] as? String == "user" }?["content"] as? String
    }

    /// The JSON bodies of the chat requests recorded under `token`, oldest first.
    func chatRequests(token: String) throws -> [[String: Any]] {
        try chatRecords(token: token).compactMap { $0["body"] as? [String: Any] }
    }

    /// The client port of each chat request recorded under `token`: one port, one connection.
    func chatRequestPorts(token: String) throws -> [Int] {
        try chatRecords(token: token).compactMap { $0["port"] as? Int }
    }

    /// The paths of every request recorded under `token`, oldest first.
    func requestPaths(token: String) throws -> [String] {
        try records(token: token).compactMap { $0["path"] as? String }
    }

    private func chatRecords(token: String) throws -> [[String: Any]] {
        try records(token: token).filter { ($0["path"] as? String)?.hasSuffix("/chat/completions") == true }
    }

    private func records(token: String) throws -> [[String: Any]] {
        let url = "http://127.0.0.1:\(port)/_requests/\(token)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let fetch = "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())"
        process.arguments = ["python3", "-c", fetch, url]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
    }
}

/// Rows of the embedded store, read with the sqlite3 command so the test shares no code with parley.
func sqliteRows(_ database: String, _ query: String) throws -> [String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sqlite3", "-separator", "|", database, query]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
}
