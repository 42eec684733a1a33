import Glibc

/// Bytes from standard input, read in blocks, waiting on the signal router's wake-up pipe at the same time.
///
/// Both line readers use it, so Ctrl-C and SIGTERM reach a reader that is blocked waiting for input.
final class InputSource {
    enum Next: Equatable {
        case byte(UInt8)
        case event(SignalRouter.Event)
        case end
        case failure(Int32)
    }

    private let fileDescriptor: Int32
    private let wakeFileDescriptor: Int32
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    private var start = 0
    private var end = 0
    private var reachedEnd = false

    init(fileDescriptor: Int32, wakeFileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
        self.wakeFileDescriptor = wakeFileDescriptor
    }

    /// Bytes already read and not yet taken.
    var buffered: ArraySlice<UInt8> { buffer[start..<end] }

    /// The next byte, waiting for it if none is buffered.
    func next() -> Next {
        if start < end {
            defer { start += 1 }
            return .byte(buffer[start])
        }
        switch fill() {
        case .none: return next()
        case .some(let other): return other
        }
    }

    /// Takes `count` buffered bytes (after looking at them through `buffered`).
    func consume(_ count: Int) {
        start = min(end, start + count)
    }

    /// Reads more bytes into the buffer; nil when some arrived.
    func fill() -> Next? {
        if reachedEnd { return .end }
        if start == end {
            start = 0
            end = 0
        } else if end == buffer.count {
            if start > 0 {
                buffer.replaceSubrange(0..<(end - start), with: buffer[start..<end])
                end -= start
                start = 0
            } else {
                buffer.append(contentsOf: repeatElement(0, count: buffer.count))
            }
        }
        while true {
            var fds = [
                pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeFileDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return .failure(errno)
            }
            if fds[1].revents & Int16(POLLIN) != 0 {
                var byte: UInt8 = 0
                if read(wakeFileDescriptor, &byte, 1) == 1, let event = SignalRouter.Event(rawValue: byte) {
                    return .event(event)
                }
                continue
            }
            if fds[0].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { bytes -> Int in
                    guard let base = bytes.baseAddress else { return 0 }
                    return read(fileDescriptor, base + end, bytes.count - end)
                }
                if count < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    return .failure(errno)
                }
                if count == 0 {
                    reachedEnd = true
                    return .end
                }
                end += count
                return nil
            }
        }
    }
}
