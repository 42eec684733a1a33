import Foundation
import ParleyProviders
import Testing

@Suite("Splitting a byte stream into lines")
struct LineSplitterTests {
    static let text = "héllo 👋\r\nsecond\rthird\n\nlast"
    static let expected = ["héllo 👋", "second", "third", "", "last"]

    static func lines(of bytes: [UInt8], splitAt cuts: [Int]) -> [String] {
        var splitter = LineSplitter()
        var lines: [String] = []
        var start = 0
        for cut in cuts + [bytes.count] {
            lines += splitter.strings(Data(bytes[start..<cut]))
            start = cut
        }
        if let last = splitter.finish() { lines.append(String(decoding: last, as: UTF8.self)) }
        return lines
    }

    @Test("every single split point gives the same lines, multi-byte characters intact",
          arguments: 0...Array(text.utf8).count)
    func everySplitPoint(cut: Int) {
        #expect(Self.lines(of: Array(Self.text.utf8), splitAt: [cut]) == Self.expected)
    }

    @Test("one byte at a time gives the same lines")
    func byteByByte() {
        let bytes = Array(Self.text.utf8)
        #expect(Self.lines(of: bytes, splitAt: Array(1..<bytes.count)) == Self.expected)
    }

    @Test("a CR at the end of one chunk and a LF at the start of the next make one terminator")
    func splitCRLF() {
        var splitter = LineSplitter()
        #expect(splitter.strings(Data("a\r".utf8)) == ["a"])
        #expect(splitter.strings(Data("\nb\n".utf8)) == ["b"])
        #expect(splitter.finish() == nil)
    }
}

extension LineSplitter {
    /// The lines completed by `chunk`, decoded.
    mutating func strings(_ chunk: Data) -> [String] {
        var lines: [String] = []
        push(chunk) { lines.append(String(decoding: $0, as: UTF8.self)) }
        return lines
    }
}
