/// Finding where UTF-8 goes wrong, so an error can point at the byte.
enum UTF8Validation {
    /// The offset of the first byte that does not start a valid sequence, or nil when all is valid.
    static func firstInvalidOffset<C: Collection<UInt8>>(in bytes: C) -> Int? {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
            case .emptyInput:
                return nil
            case .error:
                return offset
            }
        }
    }
}
