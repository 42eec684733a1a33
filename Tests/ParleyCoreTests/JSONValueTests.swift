import Foundation
import ParleyCore
import Testing

@Suite("JSON values as written to stores and providers")
struct JSONValueTests {
    @Test("literals build the value, and its text has sorted keys, unescaped slashes and exact numbers")
    func text() {
        let value: JSONValue = ["model": "m/1", "messages": [["role": "user", "content": "é \"q\"\n"]],
                                "stream": true, "temperature": 0.5, "max": 100, "none": nil]
        #expect(value.jsonText
            == #"{"max":100,"messages":[{"content":"é \"q\"\n","role":"user"}],"model":"m/1","none":null,"#
            + #""stream":true,"temperature":0.5}"#)
        #expect(JSONValue(jsonText: value.jsonText) == value)
    }

    @Test("control characters are escaped, other text is kept as UTF-8, and numbers are written as JSON's")
    func escapesAndNumbers() {
        let value: JSONValue = ["a\u{1}\u{1F}\t\r\u{8}\u{C}\\": "Ünï/😀", "n": [2.0, -0.25, 1e21, .double(.infinity)],
                                "e": [:], "l": []]
        #expect(value.jsonText
            == #"{"a\u0001\u001f\t\r\b\f\\":"Ünï/😀","e":{},"l":[],"n":[2,-0.25,1e+21,null]}"#)
        #expect(JSONValue(jsonText: value.jsonText) == ["a\u{1}\u{1F}\t\r\u{8}\u{C}\\": "Ünï/😀",
                                                        "n": [2, -0.25, 1e21, nil], "e": [:], "l": []])
    }

    @Test("the text is what Foundation's JSONEncoder writes with sorted keys and unescaped slashes")
    func sameAsJSONEncoder() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let values: [JSONValue] = [
            ["model": "gpt-4o", "stream": true, "temperature": 0.7, "max_tokens": 4096,
             "messages": [["role": "system", "content": "Be brief.\nUse \"quotes\" and C:\\paths"],
                          ["role": "user", "content": [["type": "image_url", "image_url": ["url": "data:x/y;base64,AA=="]]]]],
             "stop": nil, "seed": -3, "top_p": 1.0, "penalty": 0.000001],
            "just text", 12, 3.25, false, nil, [[], [:], [[1, 2], ["x": ["y": []]]]],
        ]
        for value in values {
            let expected = String(decoding: try encoder.encode(value), as: UTF8.self)
            #expect(value.jsonText == expected)
        }
    }
}
