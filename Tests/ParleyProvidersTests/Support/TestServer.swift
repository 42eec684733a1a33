import Foundation
import ParleyCore
import ParleyProviders
import Synchronization

/// The Python replay server, started once for the whole test run; it exits when our stdin pipe closes.
final class TestServer: Sendable {
    static let shared = TestServer(arguments: [])
    /// The same server over HTTPS with a self-signed certificate for 127.0.0.1, made with openssl.
    static let secure = TestServer(arguments: makeCertificate())

    /// The PEM certificate the secure server presents, to give as a CA bundle.
    static var certificate: String { certificateDirectory + "/cert.pem" }
    private static let certificateDirectory = FileManager.default.temporaryDirectory
        .appendingPathComponent("parley-tls-\(getpid())").path

    private static func makeCertificate() -> [String] {
        try? FileManager.default.createDirectory(atPath: certificateDirectory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", certificateDirectory + "/key.pem",
            "-out", certificate,
        ]
        process.standardError = FileHandle.nullDevice
        try? process.run()
        process.waitUntilExit()
        return [certificate, certificateDirectory + "/key.pem"]
    }

    /// Zero when the server could not start; tests then fail on connection errors that say so.
    let port: Int
    // Held for the whole run: the open stdin keeps the server alive, and releasing a pipe whose ends
    // Process has already closed would close those descriptor numbers again, under another test's feet.
    private let input: Pipe
    private let output: Pipe
    private let process: Mutex<Process?>

    private init(arguments: [String]) {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Server/provider_server.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + arguments
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        self.input = input
        self.output = output
        var port = 0
        if (try? process.run()) != nil {
            var text = ""
            while !text.contains("\n") {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
            }
            port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }
        self.port = port
        self.process = Mutex(process)
    }

    /// A base URL whose requests the server records under `token` and answers as `scenario` says.
    func base(_ token: String, _ scenario: String) -> String {
        "http://127.0.0.1:\(port)/t/\(token)/\(scenario)"
    }

    /// What the server received under `token`, oldest first.
    func requests(_ token: String) async throws -> [RecordedRequest] {
        let (_, body) = try await HTTPTransport().fetch(HTTPRequest(url: "http://127.0.0.1:\(port)/_requests/\(token)"))
        let list = try JSONSerialization.jsonObject(with: body) as? [[String: Any]] ?? []
        return list.map(RecordedRequest.init)
    }
}

/// One request as the server saw it.
struct RecordedRequest: @unchecked Sendable {
    // The body is an immutable JSON tree from JSONSerialization, never mutated after parsing.
    var method: String
    var path: String
    var headers: [String: String]
    var body: [String: Any]
    /// The client's port: requests with the same one came over the same connection.
    var clientPort: Int

    init(_ object: [String: Any]) {
        clientPort = object["port"] as? Int ?? 0
        method = object["method"] as? String ?? ""
        path = object["path"] as? String ?? ""
        headers = object["headers"] as? [String: String] ?? [:]
        body = object["body"] as? [String: Any] ?? [:]
    }
}

/// Records the waits a retry policy asks for instead of waiting.
final class SleepRecorder: Sendable {
    private let delays = Mutex<[Duration]>([])

    var recorded: [Duration] { delays.withLock { $0 } }

    var policy: RetryPolicy { policy(maxRetries: 2) }

    func policy(maxRetries: Int) -> RetryPolicy {
        RetryPolicy(maxRetries: maxRetries, random: { 0 }, sleep: { [self] delay in self.append(delay) })
    }

    private func append(_ delay: Duration) {
        delays.withLock { $0.append(delay) }
    }
}

/// A fresh token per test so parallel tests never see each other's requests.
func newToken() -> String {
    UUID().uuidString.lowercased()
}

let testKey = "sk-test1234567890abcd"

/// An endpoint on the test server for one test.
func testEndpoint(
    _ kind: ProviderKind, token: String, scenario: String, recorder: SleepRecorder = SleepRecorder(),
    maxRetries: Int = 2, idle: Duration = .seconds(10)
) -> ProviderEndpoint {
    let base = TestServer.shared.base(token, scenario) + (kind == .openai ? "/v1" : "")
    return ProviderEndpoint(
        kind: kind, baseURL: base, apiKey: kind == .ollama ? nil : testKey,
        transport: HTTPTransport(options: TransportOptions(connectTimeout: .seconds(2), idleTimeout: idle)),
        retry: recorder.policy(maxRetries: maxRetries))
}

/// Everything a consumer saw of one streamed answer.
struct Outcome: Sendable {
    var text = ""
    var reasoning = ""
    var completion: ChatCompletion?
    var error: ParleyError?
    var otherError: String?
}

let sampleRequest = ChatRequest(
    model: "test-model",
    messages: [
        ChatMessage(role: .user, text: "Hi"),
        ChatMessage(role: .assistant, text: "Hello."),
        ChatMessage(role: .user, text: "Say hello"),
    ],
    systemPrompt: "Be brief.", maxOutputTokens: 100, temperature: 0.5)

func collect(_ stream: AsyncThrowingStream<ChatEvent, any Error>) async -> Outcome {
    var outcome = Outcome()
    do {
        for try await event in stream {
            switch event {
            case .text(let text): outcome.text += text
            case .reasoning(let text): outcome.reasoning += text
            case .finished(let completion): outcome.completion = completion
            }
        }
    } catch let error as ParleyError {
        outcome.error = error
    } catch {
        outcome.otherError = "\(error)"
    }
    return outcome
}

func run(_ kind: ProviderKind, _ scenario: String, request: ChatRequest = sampleRequest,
         recorder: SleepRecorder = SleepRecorder(), maxRetries: Int = 2, idle: Duration = .seconds(10)
) async -> (Outcome, token: String) {
    let token = newToken()
    let endpoint = testEndpoint(
        kind, token: token, scenario: scenario, recorder: recorder, maxRetries: maxRetries, idle: idle)
    return (await collect(endpoint.makeProvider().stream(request)), token)
}
