@testable import ParleyProviders
import Testing

@Suite("Reading JSON in place")
struct JSONViewTests {
    @Test("members, nesting, numbers and literals read as written")
    func reads() throws {
        let value = try #require(JSONView.parse("""
             {"id":"c1","choices":[{"index":0,"delta":{"content":"hé 👋"},"finish_reason":null}],
              "usage":{"prompt_tokens":12,"total":1.0e2,"ratio":0.5},"ok":true,"no":false,"":"empty key"}
            """))
        #expect(value.isObject)
        #expect(value.string("id") == "c1")
        let choice = try #require(value.array("choices")?.first)
        #expect(choice.object("delta")?.string("content") == "hé 👋")
        #expect(choice["finish_reason"]?.isNull == true)
        #expect(choice.string("finish_reason") == nil)
        #expect(value.object("usage")?.int("prompt_tokens") == 12)
        #expect(value.object("usage")?.int("total") == 100)
        #expect(value.object("usage")?.int("ratio") == nil)
        #expect(value.bool("ok") == true)
        #expect(value.bool("no") == false)
        #expect(value.string("") == "empty key")
        #expect(value["missing"] == nil)
        #expect(value.string("choices") == nil)
        #expect(value.object("usage")?.rawText == #"{"prompt_tokens":12,"total":1.0e2,"ratio":0.5}"#)
    }

    @Test("escapes are decoded, surrogate pairs joined and lone surrogates replaced")
    func escapes() throws {
        let value = try #require(JSONView.parse(#"{"t":"a\"b\\c\/d\n\t\u00e9\ud83d\udc4b\ud800x","k\u0065y":1}"#))
        #expect(value.string("t") == "a\"b\\c/d\n\té👋\u{FFFD}x")
        #expect(value.int("key") == 1)
        #expect(value["t"]?.rawText == #""a\"b\\c\/d\n\t\u00e9\ud83d\udc4b\ud800x""#)
    }

    @Test("escapes, multi-byte characters, ends and control characters are found wherever they fall in a word",
          arguments: 0..<17)
    func everyOffset(offset: Int) throws {
        let padding = String(repeating: "p", count: offset)
        let value = try #require(JSONView.parse(#"{"k":"\#(padding)é\n\#(padding)\"end","n":1}"#))
        #expect(value.string("k") == padding + "é\n" + padding + "\"end")
        #expect(value.int("n") == 1)
        #expect(JSONView.parse("{\"k\":\"\(padding)\u{01}\(padding)\"}") == nil)
        #expect(JSONView.parse("{\"k\":\"\(padding)") == nil)
    }

    @Test("anything but exactly one valid value is refused", arguments: [
        "", " ", "{", "{\"a\":1", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "{a:1}", "{\"a\":01}", "{\"a\":1.}",
        "{\"a\":-}", "{\"a\":1e}", "{\"a\":tru}", "{\"a\":nul}", "\"open", "\"bad \\x escape\"",
        "\"short \\u12\"", "\"raw\ncontrol\"", "{} {}", "[1] x", "{\"a\":NaN}",
    ])
    func refuses(text: String) {
        #expect(JSONView.parse(text) == nil)
    }

    @Test("top-level values other than objects, and whitespace around them, are accepted")
    func scalars() {
        #expect(JSONView.parse(" [1, 2 ,3] ")?.elements?.compactMap(\.intValue) == [1, 2, 3])
        #expect(JSONView.parse("\"x\"")?.stringValue == "x")
        #expect(JSONView.parse("-0.5e-3")?.rawText == "-0.5e-3")
        #expect(JSONView.parse("null")?.isNull == true)
    }

    @Test("nesting deeper than the limit is refused rather than exhausting the stack")
    func depth() {
        let limit = JSONTapeParser.maximumDepth
        let deep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        #expect(JSONView.parse(deep) == nil)
        let allowed = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(JSONView.parse(allowed) != nil)
    }

    @Test("one walk visits every member in order, escaped names compared decoded, and every element")
    func walks() throws {
        let value = try #require(JSONView.parse(#"{"a":1, "k\u0065y":2, "list":[3,"x",{"b":4}], "a":5}"#))
        var seen: [String] = []
        value.forEachMember { key, member in
            let name = key.is("a") ? "a" : key.is("key") ? "key" : key.is("list") ? "list" : "?"
            seen.append("\(name)=\(member.rawText)")
        }
        #expect(seen == ["a=1", "key=2", #"list=[3,"x",{"b":4}]"#, "a=5"])
        var elements: [String] = []
        value["list"]?.forEachElement { elements.append($0.rawText) }
        #expect(elements == ["3", #""x""#, #"{"b":4}"#])
        var none = 0
        value.forEachElement { _ in none += 1 }
        value["list"]?.forEachMember { _, _ in none += 1 }
        #expect(none == 0, "an object has no elements and an array no members")
    }

    @Test("a document with many more values than bytes suggest is read whole")
    func manyValues() throws {
        let count = 5_000
        let text = "[" + Array(repeating: "0", count: count).joined(separator: ",") + "]"
        let value = try #require(JSONView.parse(text))
        var total = 0
        value.forEachElement { total += $0.intValue == 0 ? 1 : 0 }
        #expect(total == count)
        #expect(JSONView.parse(text + ",") == nil)
    }
}
