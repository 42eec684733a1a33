import Foundation
import Synchronization

/// The outcome of running `parley` with its standard input from a pipe.
struct PipedRun {
    var status: Int32
    var output: String
    var errors: String

    /// Runs the binary with `input` on standard input, waiting for it to exit.
    static func run(_ input: [UInt8], arguments: [String] = [], home: TestHome,
                    environment: [String: String] = [:], binary: String = ParleyBinary.path) throws -> PipedRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = home.environment(environment)
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Write and read on separate threads: a large input or output must not deadlock on full pipes.
        // parley may end before reading all its input (a usage error, /quit): the write then fails with EPIPE,
        // which must not end the test process by SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let writer = Thread {
            try? stdin.fileHandleForWriting.write(contentsOf: Data(input))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let errorData = LockedData()
        let errorReader = Thread { errorData.set(stderr.fileHandleForReading.readDataToEndOfFile()) }
        errorReader.start()
        let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errorData.get() == nil { usleep(1000) }
        return PipedRun(status: process.terminationStatus,
                        output: String(decoding: outputData, as: UTF8.self),
                        errors: String(decoding: errorData.get() ?? Data(), as: UTF8.self))
    }

    static func run(_ input: String, arguments: [String] = [], home: TestHome,
                    environment: [String: String] = [:], binary: String = ParleyBinary.path) throws -> PipedRun {
        try run(Array(input.utf8), arguments: arguments, home: home, environment: environment, binary: binary)
    }
}

/// Data handed over from a reader thread.
final class LockedData: Sendable {
    private let data = Mutex<Data?>(nil)

    func set(_ value: Data) { data.withLock { $0 = value } }
    func get() -> Data? { data.withLock { $0 } }
}
