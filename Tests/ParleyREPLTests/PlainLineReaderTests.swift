import Foundation
import Glibc
import Testing

@testable import ParleyREPL

/// The plain reader over a real pipe, with a second pipe standing for the signal router's wake-ups.
@Suite("Reading a script from a pipe")
@MainActor
struct PlainLineReaderTests {
    private final class Pipes {
        let input: [Int32]
        let wake: [Int32]
        /// Set when the writer thread owns (and closes) the write end, so deinit must not close it again.
        private var writeEndHandedOff = false

        init() {
            var input: [Int32] = [-1, -1], wake: [Int32] = [-1, -1]
            _ = pipe(&input)
            _ = pipe(&wake)
            // Processes other tests start must not inherit these, or the reader would never see end of file.
            (input + wake).forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }
            self.input = input
            self.wake = wake
        }

        deinit {
            // A second close would close whatever descriptor another test has opened under the same number.
            let owned = writeEndHandedOff ? [input[0]] + wake : input + wake
            owned.forEach { _ = close($0) }
        }

        /// Writes on another thread, so a large input cannot fill the pipe and block the test.
        func write(_ bytes: [UInt8], thenClose: Bool = true) {
            let fd = input[1]
            if thenClose { writeEndHandedOff = true }
            let thread = Thread {
                var offset = 0
                while offset < bytes.count {
                    let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                    if written <= 0 { break }
                    offset += written
                }
                if thenClose { _ = close(fd) }
            }
            thread.start()
        }
    }

    private func readAll(_ bytes: [UInt8], maximumLineBytes: Int = PlainLineReader.defaultMaximumLineBytes) -> [ReadResult] {
        let pipes = Pipes()
        pipes.write(bytes)
        let reader = PlainLineReader(fileDescriptor: pipes.input[0], wakeFileDescriptor: pipes.wake[0],
                                     maximumLineBytes: maximumLineBytes)
        var results: [ReadResult] = []
        while true {
            let result = reader.readLine(prompt: "")
            results.append(result)
            if result == .end { return results }
        }
    }

    @Test("lines are numbered; CRLF and a last line without newline are handled")
    func lines() {
        let results = readAll(Array("one\r\n\ntwo\nthree".utf8))
        #expect(results == [
            .line(InputLine(text: "one", number: 1)),
            .line(InputLine(text: "", number: 2)),
            .line(InputLine(text: "two", number: 3)),
            .line(InputLine(text: "three", number: 4)),
            .end,
        ])
    }

    @Test("invalid UTF-8 fails that line, naming the column, and reading goes on", arguments: [
        ([0xFF], 1), ([0x61, 0x62, 0xC3, 0x28], 3), ([0x61, 0xE2, 0x82], 2), ([0xED, 0xA0, 0x80], 1),
    ] as [([UInt8], Int)])
    func invalidUTF8(bytes: [UInt8], column: Int) {
        let results = readAll(bytes + [0x0A] + Array("ok\n".utf8))
        guard case .failure(let number, let message) = results[0] else {
            Issue.record("expected a failure, got \(results[0])")
            return
        }
        #expect(number == 1)
        #expect(message.contains("column \(column)"))
        #expect(results[1] == .line(InputLine(text: "ok", number: 2)))
    }

    @Test("a line of several megabytes is read whole")
    func hugeLine() {
        let text = String(repeating: "ab✓", count: 1_000_000)
        let results = readAll(Array((text + "\nnext\n").utf8))
        #expect(results.first == .line(InputLine(text: text, number: 1)))
        #expect(results.dropFirst().first == .line(InputLine(text: "next", number: 2)))
    }

    @Test("a line over the limit is refused without holding it, and the next line is read")
    func overLimit() {
        let results = readAll(Array((String(repeating: "x", count: 300_000) + "\nnext\n").utf8),
                              maximumLineBytes: 100_000)
        guard case .failure(1, let message) = results[0] else {
            Issue.record("expected a failure on line 1, got \(results[0])")
            return
        }
        #expect(message.contains("longer than"))
        #expect(results[1] == .line(InputLine(text: "next", number: 2)))
    }

    @Test("a wake-up byte from the signal router interrupts a blocked read")
    func interruptWhileWaiting() {
        let pipes = Pipes()
        pipes.write(Array("first\n".utf8), thenClose: false)
        let reader = PlainLineReader(fileDescriptor: pipes.input[0], wakeFileDescriptor: pipes.wake[0])
        #expect(reader.readLine(prompt: "") == .line(InputLine(text: "first", number: 1)))
        var byte = SignalRouter.Event.interrupt.rawValue
        _ = Glibc.write(pipes.wake[1], &byte, 1)
        #expect(reader.readLine(prompt: "") == .interrupted)
        byte = SignalRouter.Event.terminate.rawValue
        _ = Glibc.write(pipes.wake[1], &byte, 1)
        #expect(reader.readLine(prompt: "") == .terminated)
    }
}
