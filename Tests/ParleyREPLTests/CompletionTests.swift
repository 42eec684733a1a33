import Testing

@testable import ParleyREPL

@Suite("Completion display")
struct CompletionTests {
    @Test("the common prefix of candidates", arguments: [
        (["/help", "/hello"], "/hel"), (["/quit"], "/quit"), ([], ""), (["ab", "b"], ""), (["日本語", "日本"], "日本"),
    ] as [([String], String)])
    func commonPrefix(candidates: [String], prefix: String) {
        #expect(Completion(word: "", candidates: candidates).commonPrefix == prefix)
    }

    @Test("what a completion types is escaped as the line reads it; a directory gets no space after it", arguments: [
        ("dir o", nil, "dir one/file a.txt", "ne/file\\ a.txt "),
        ("dir o", "\"", "dir one/file a.txt", "ne/file a.txt\" "),
        ("su", nil, "sub/", "b/"),
        ("it", "'", "it's \"x\"", "'\\''s \"x\"' "),
        ("a", "\"", "a\"b", "\\\"b\" "),
    ] as [(String, Character?, String, String)])
    func insertion(word: String, quote: Character?, candidate: String, typed: String) {
        let completion = Completion(word: word, candidates: [candidate], openQuote: quote)
        #expect(completion.insertion(completing: candidate) == typed)
    }

    @Test("candidates are laid out down the columns, within the width")
    func columns() {
        let text = Columns.format(["a", "bb", "ccc", "d", "e"], width: 12)
        #expect(text == "a    d\nbb   e\nccc")
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 12 })
        #expect(Columns.format(["only"], width: 2) == "only")
    }
}
