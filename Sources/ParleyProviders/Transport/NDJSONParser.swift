/// Frames newline-delimited JSON: every non-blank line is one document.
public struct NDJSONParser: Sendable {
    public init() {}

    /// Returns the document on this line, or nil for a blank keep-alive line.
    public func feed(_ line: String) -> String? {
        line.allSatisfy(\.isWhitespace) ? nil : line
    }
}
