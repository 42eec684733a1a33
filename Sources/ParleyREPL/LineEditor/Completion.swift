/// What Tab can put in place of the word before the cursor.
public struct Completion: Equatable, Sendable {
    /// The partial word being completed (the text it replaces).
    public var word: String
    /// Every full word that may stand in its place.
    public var candidates: [String]
    /// The quote the word was opened with and not yet closed: what is inserted is escaped for it, and a word
    /// completed whole closes it.
    public var openQuote: Character?

    public init(word: String, candidates: [String], openQuote: Character? = nil) {
        self.word = word
        self.candidates = candidates
        self.openQuote = openQuote
    }

    /// What to type after the word for the one candidate: the rest of it, escaped as the line reads it, then the
    /// closing quote and a space; a directory gets neither, so that Tab goes on inside it.
    func insertion(completing candidate: String) -> String {
        let rest = CommandInvocation.escaped(String(candidate.unicodeScalars.dropFirst(word.unicodeScalars.count)),
                                             inQuote: openQuote)
        if candidate.hasSuffix("/") { return rest }
        return rest + (openQuote.map(String.init) ?? "") + " "
    }

    /// What to type after the word for the start the candidates share.
    var sharedInsertion: String {
        CommandInvocation.escaped(String(commonPrefix.unicodeScalars.dropFirst(word.unicodeScalars.count)),
                                  inQuote: openQuote)
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
