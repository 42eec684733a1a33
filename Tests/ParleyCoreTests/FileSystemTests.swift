import Foundation
import ParleyCore
import Testing

@Suite("Files parley keeps")
struct FileSystemTests {
    private func scratch() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-fs-\(UUID().uuidString)").path
        try FileSystem.makeDirectory(directory)
        return directory
    }

    @Test("a cache is replaced whole, readable by its owner only, with no temporary file left beside it")
    func replaceCache() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/users.json"
        #expect(FileSystem.replaceCache(at: path, with: Array("first, and longer".utf8)))
        #expect(FileSystem.replaceCache(at: path, with: Array("second".utf8)))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["users.json"])
    }

    @Test("a cache that cannot be written says so and leaves nothing behind")
    func unwritableCache() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(!FileSystem.replaceCache(at: directory + "/missing/users.json", with: Array("x".utf8)))
        // A directory where the file should be: the rename fails, and the temporary file is removed.
        try FileSystem.makeDirectory(directory + "/taken")
        try FileSystem.makeDirectory(directory + "/taken/inside")
        #expect(!FileSystem.replaceCache(at: directory + "/taken", with: Array("x".utf8)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["taken"])
    }
}
