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
}
