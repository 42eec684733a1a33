import Foundation
import ParleyCore

/// A durable journal of writes the database could not take: one JSON line per write, fsynced before
/// `append` returns, replayed in order. Its file calls run on its own thread, never the concurrency pool.
public actor Outbox {
    private let executor = ThreadExecutor(name: "parley-outbox")
    /// `$XDG_STATE_HOME/parley/outbox.jsonl` in normal use.
    public nonisolated let path: String

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    public init(directory: String) {
        path = directory + "/outbox.jsonl"
    }

    /// When this returns the writes survive SIGKILL and power loss.
    public func append(_ operations: [WriteOperation]) throws(ParleyError) {
        guard !operations.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes: [UInt8] = []
        for operation in operations {
            guard let line = try? encoder.encode(operation) else {
                throw failure("cannot encode a write for the outbox")
            }
            bytes += line
            bytes.append(UInt8(ascii: "\n"))
        }
        let descriptor = try openLocked(flags: O_WRONLY | O_APPEND | O_CREAT)
        defer { unlockAndClose(descriptor) }
        try writeAll(descriptor, bytes)
        guard fsync(descriptor) == 0 else { throw failure("cannot flush \(path) to disk: \(errorText())") }
    }

    /// The writes in order; a torn last line (parley killed mid-append) was never acknowledged and is skipped.
    public func pending() throws(ParleyError) -> [WriteOperation] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return Self.decode(data)
    }

    /// Applies every pending write in order, then empties the journal; on failure the journal is kept whole,
    /// and replaying it again is harmless because every write is an upsert or a delete by id.
    public func drain(_ apply: @Sendable (WriteOperation) async throws(ParleyError) -> Void)
        async throws(ParleyError) -> Int {
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        let descriptor = try openLocked(flags: O_RDWR)
        defer { unlockAndClose(descriptor) }
        guard let data = FileManager.default.contents(atPath: path) else { return 0 }
        let operations = Self.decode(data)
        for operation in operations {
            try await apply(operation)
        }
        guard ftruncate(descriptor, 0) == 0, fsync(descriptor) == 0 else {
            throw failure("cannot empty \(path): \(errorText())")
        }
        return operations.count
    }

    private static func decode(_ data: Data) -> [WriteOperation] {
        let decoder = JSONDecoder()
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        if data.last != UInt8(ascii: "\n"), !lines.isEmpty {
            lines.removeLast()
        }
        return lines.compactMap { try? decoder.decode(WriteOperation.self, from: Data($0)) }
    }

    /// Several parley processes may share the journal; flock keeps their appends and replays apart.
    private func openLocked(flags: Int32) throws(ParleyError) -> Int32 {
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try FileSystem.makeDirectory(String(path[..<slash]))
        }
        let descriptor = open(path, flags | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("cannot open \(path): \(errorText())") }
        guard flock(descriptor, LOCK_EX) == 0 else {
            close(descriptor)
            throw failure("cannot lock \(path): \(errorText())")
        }
        return descriptor
    }

    private func unlockAndClose(_ descriptor: Int32) {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    private func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) throws(ParleyError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure("cannot write \(path): \(errorText())")
            }
            offset += written
        }
    }

    private func errorText() -> String {
        String(cString: strerror(errno))
    }

    private func failure(_ message: String) -> ParleyError {
        ParleyError(.database, message, hint: "check the permissions and free space of \(path)")
    }
}
