/// What Tab can put in place of the word before the cursor.
public struct Completion: Equatable, Sendable {
    /// The partial word being completed (the text it replaces).
    public var word: String
    /// Every full word that may stand in its place.
    public var candidates: [String]

    public init(word: String, candidates: [String]) {
        self.word = word
        self.candidates = candidates
    }

    public static let none = Completion(word: "", candidates: [])

    /// The longest start all candidates share, compared by Unicode scalar as the editor counts.
    public var commonPrefix: String {
        guard var prefix = candidates.first.map({ Array($0.unicodeScalars) }) else { return "" }
        for candidate in candidates.dropFirst() {
            let scalars = Array(candidate.unicodeScalars)
            var length = 0
            while length < min(prefix.count, scalars.count), prefix[length] == scalars[length] { length += 1 }
            prefix.removeSubrange(length...)
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: prefix)
        return result
    }
}
