import Foundation
import Testing

/// One chat with a real model: SmolLM2-135M served by llama.cpp on loopback, as `make run` starts it.
@Suite("A real model on loopback")
struct LocalModelTests {
    private static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test("a chat with the local model gets a real answer, saved with its token counts",
          .timeLimit(.minutes(5)))
    func chat() throws {
        let home = try ParleyBinary.makeHome()
        let ready = home.root + "/model-url"
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", Self.repository.appendingPathComponent("Tests/LocalModel/serve.py").path,
                            "--venv", Self.repository.appendingPathComponent(".venv/local-model").path,
                            "--ready-file", ready]
        try server.run()
        defer { server.terminate() }
        // The first run installs the server and model from PyPI; later ones start in about a second.
        let deadline = Date().addingTimeInterval(240)
        while !FileManager.default.fileExists(atPath: ready), server.isRunning, Date() < deadline { usleep(100_000) }
        let url = try String(contentsOfFile: ready, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        try home.writeConfig("""
            providers:
              - name: local
                kind: openai
                base_url: \(url)
                model: smollm2-135m-instruct
            """)
        let run = try PipedRun.run("What is the capital of France?\n", arguments: ["--max-tokens", "24"], home: home)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.trimmingCharacters(in: .whitespacesAndNewlines).count > 2, "a real answer: \(run.output)")
        let rows = try sqliteRows(home.root + "/data/parley/parley.sqlite3", """
            SELECT json_extract(generation, '$.provider'), json_extract(generation, '$.outputTokenCount') > 0
            FROM steps WHERE type = 'assistant_message'
            """)
        #expect(rows == ["local|1"])
    }
}
