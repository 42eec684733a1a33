import Foundation
import Testing

/// Which libcurl parley loads: its own build (HTTP and TLS only) when installed beside the executable, else the
/// system's. Both must carry a chat.
@Suite("The HTTP library")
struct HTTPLibraryTests {
    /// The value of /settings' `http:` line after one message, which loads the library.
    private func httpLine(binary: String) throws -> (line: String, run: PipedRun) {
        let home = try ParleyBinary.makeHome()
        let run = try PipedRun.run("Hi\n/settings\n", arguments: ["--model", "m"], home: home,
                                   environment: ReplayServer.shared.environment(token: UUID().uuidString),
                                   binary: binary)
        let line = run.output.split(separator: "\n").first { $0.hasPrefix("http:") }
        return (line.map { $0.dropFirst("http:".count).trimmingCharacters(in: .whitespaces) } ?? "", run)
    }

    @Test("the build's own libcurl is loaded, and it needs OpenSSL and the C library only")
    func ownBuild() throws {
        let (line, run) = try httpLine(binary: ParleyBinary.path)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.hasPrefix("Hello, wörld!\n"))
        #expect(line.contains("OpenSSL/"), "\(line)")
        let path = try #require(line.split(separator: "(").last.map { String($0.dropLast()) })
        #expect(path.hasSuffix("/lib/parley/libcurl.so.4"), "\(line)")

        let ldd = Process()
        ldd.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        ldd.arguments = [path]
        let output = Pipe()
        ldd.standardOutput = output
        try ldd.run()
        let listing = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        ldd.waitUntilExit()
        let needed = Set(listing.split(separator: "\n").compactMap { line -> String? in
            let name = line.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init)
            return name.flatMap { $0.hasPrefix("linux-vdso") || $0.hasPrefix("/") ? nil : $0 }
        })
        #expect(needed == ["libssl.so.3", "libcrypto.so.3", "libc.so.6"], "\(listing)")
    }

    @Test("without its own build beside it, parley uses the system's libcurl")
    func systemLibrary() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-bin-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("bin"),
                                                withIntermediateDirectories: true)
        let copy = directory.appendingPathComponent("bin/parley").path
        try FileManager.default.copyItem(atPath: ParleyBinary.path, toPath: copy)
        let (line, run) = try httpLine(binary: copy)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.hasPrefix("Hello, wörld!\n"))
        #expect(line.hasSuffix("(libcurl.so.4)"), "\(line)")
    }
}
