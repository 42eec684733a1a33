import Foundation
import Glibc
import Testing

@testable import ParleyREPL

@Suite("The waiting spinner")
struct SpinnerTests {
    /// Reads everything written to the pipe so far.
    private func drain(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &chunk, chunk.count)
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func makePipe() -> [Int32] {
        var fds: [Int32] = [-1, -1]
        _ = pipe(&fds)
        _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
        return fds
    }

    @Test("stopped before its delay, it never draws anything")
    func quietWhenFast() {
        let fds = makePipe()
        defer { fds.forEach { _ = close($0) } }
        let spinner = Spinner(output: OutputChannel(fileDescriptor: fds[1]), delay: .seconds(5))
        spinner.stop()
        #expect(spinner.framesDrawn == 0)
        #expect(drain(fds[0]).isEmpty)
    }

    @Test("it spins while waiting and erases itself when stopped, drawing nothing after")
    func spinsThenErases() throws {
        let fds = makePipe()
        defer { fds.forEach { _ = close($0) } }
        let spinner = Spinner(output: OutputChannel(fileDescriptor: fds[1]), label: "thinking", delay: .zero)
        let deadline = Date().addingTimeInterval(5)
        while spinner.framesDrawn < 2, Date() < deadline { usleep(10_000) }
        spinner.stop()
        let written = drain(fds[0])
        #expect(written.contains("⠋ thinking"))
        #expect(written.hasSuffix("\r\u{1B}[K"))
        usleep(200_000)
        #expect(drain(fds[0]).isEmpty, "no frame after stop")
    }
}
