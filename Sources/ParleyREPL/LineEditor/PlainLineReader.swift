import Glibc

/// Reads a script from a pipe or file: no prompt, no editing; every line is checked to be UTF-8.
@MainActor
public final class PlainLineReader: LineReader {
    /// Lines longer than this are refused (and skipped) rather than held in memory.
    public static let defaultMaximumLineBytes = 64 * 1024 * 1024

    private let source: InputSource
    private let maximumLineBytes: Int
    private var lineNumber = 0

    /// `wakeFileDescriptor` is the signal router's, through which Ctrl-C and SIGTERM arrive.
    public init(fileDescriptor: Int32, wakeFileDescriptor: Int32, maximumLineBytes: Int = defaultMaximumLineBytes) {
        source = InputSource(fileDescriptor: fileDescriptor, wakeFileDescriptor: wakeFileDescriptor)
        self.maximumLineBytes = maximumLineBytes
    }

    public var isInteractive: Bool { false }

    public func readLine(prompt: String) -> ReadResult {
        var bytes: [UInt8] = []
        var tooLong = false
        var sawAny = false
        while true {
            let buffered = source.buffered
            if let newline = buffered.firstIndex(of: 0x0A) {
                append(buffered[buffered.startIndex..<newline], to: &bytes, tooLong: &tooLong)
                source.consume(newline - buffered.startIndex + 1)
                return finish(bytes, tooLong: tooLong)
            }
            if !buffered.isEmpty {
                sawAny = true
                append(buffered, to: &bytes, tooLong: &tooLong)
                source.consume(buffered.count)
            }
            switch source.fill() {
            case .none:
                continue
            case .end:
                // A last line without a newline still counts.
                return sawAny || !bytes.isEmpty ? finish(bytes, tooLong: tooLong) : .end
            case .event(.interrupt):
                return .interrupted
            case .event(.terminate):
                return .terminated
            case .event(.suspend):
                SignalRouter.suspendProcess()
            case .event(.resize), .byte:
                continue
            case .failure(let code):
                let reason = String(cString: strerror(code))
                return .unreadable(message: "standard input cannot be read any more (\(reason))")
            }
        }
    }

    /// A script is never asked anything; an answer would be its next line.
    public func readAnswer(prompt: String) -> ReadResult {
        readLine(prompt: prompt)
    }

    public func close() {}

    private func append(_ slice: ArraySlice<UInt8>, to bytes: inout [UInt8], tooLong: inout Bool) {
        if tooLong { return }
        if bytes.count + slice.count > maximumLineBytes {
            tooLong = true
            bytes = []
            return
        }
        bytes.append(contentsOf: slice)
    }

    private func finish(_ bytes: [UInt8], tooLong: Bool) -> ReadResult {
        lineNumber += 1
        if tooLong {
            let limit = maximumLineBytes / (1024 * 1024)
            return .failure(lineNumber: lineNumber,
                            message: "the line is longer than \(limit) MiB and was skipped")
        }
        var line = bytes[...]
        if line.last == 0x0D { line = line.dropLast() }
        guard let text = String(validating: line, as: UTF8.self) else {
            let offset = UTF8Validation.firstInvalidOffset(in: line) ?? 0
            return .failure(lineNumber: lineNumber,
                            message: "the line is not valid UTF-8 (bad byte at column \(offset + 1)) and was skipped")
        }
        return .line(InputLine(text: text, number: lineNumber))
    }
}
