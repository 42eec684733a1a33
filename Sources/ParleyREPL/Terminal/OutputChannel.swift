import Glibc

/// Unbuffered writes to a file descriptor, so streamed text and errors reach the screen in the order written.
public struct OutputChannel: Sendable {
    public let fileDescriptor: Int32

    public static let standardOutput = OutputChannel(fileDescriptor: STDOUT_FILENO)
    public static let standardError = OutputChannel(fileDescriptor: STDERR_FILENO)

    public init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    public var isTerminal: Bool { isatty(fileDescriptor) == 1 }

    public func write(_ text: String) {
        var text = text
        text.withUTF8 { writeAll($0) }
    }

    /// Writes every byte, retrying short writes and EINTR; a closed pipe ends the attempt quietly.
    public func writeAll(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard var address = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc.write(fileDescriptor, address, remaining)
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return
            }
            address += written
            remaining -= written
        }
    }
}
