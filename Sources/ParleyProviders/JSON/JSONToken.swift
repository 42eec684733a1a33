/// Where one JSON value lies in its document. Tokens are stored in document order; an object's
/// members follow it as key and value tokens in turn. Offsets are 32-bit, so a token takes 16 bytes.
struct JSONToken: Sendable {
    enum Kind: UInt8, Sendable {
        case object, array, string, number, `true`, `false`, null
    }

    var kind: Kind
    /// The string holds backslash escapes, so its bytes must be decoded before use.
    var escaped = false
    /// The first byte of the value; for a string, the byte after its opening quote.
    var start: UInt32
    /// The byte after the value; for a string, its closing quote.
    var end: UInt32
    /// The index of the first token after this value and everything inside it.
    var next: UInt32
}
