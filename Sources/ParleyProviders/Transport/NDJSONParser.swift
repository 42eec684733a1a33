/// Frames newline-delimited JSON: every non-blank line is one document.
public struct NDJSONParser: Sendable {
    public init() {}

    /// Returns the document on this line, or nil for a blank keep-alive line.
    public func feed(_ line: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A } ? nil : Array(line)
    }
}
