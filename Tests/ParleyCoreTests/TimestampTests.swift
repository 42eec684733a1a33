import Foundation
import Testing
@testable import ParleyCore

@Suite("Chainlit timestamps")
struct TimestampTests {
    @Test("UTC with six fractional digits and Z, even on a whole second", arguments: [
        (Int64(0), "1970-01-01T00:00:00.000000Z"),
        (Int64(1_764_046_593_842_290), "2025-11-25T04:56:33.842290Z"),
        (Int64(951_868_799_999_999), "2000-02-29T23:59:59.999999Z"),
        (Int64(-1), "1969-12-31T23:59:59.999999Z"),
        (Int64(253_402_300_799_000_000), "9999-12-31T23:59:59.000000Z"),
    ])
    func format(microseconds: Int64, text: String) {
        #expect(Timestamp.format(microseconds: microseconds) == text)
    }

    @Test("a Date is formatted to the nearest microsecond")
    func date() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 951_868_799.5)) == "2000-02-29T23:59:59.500000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_764_046_593.842290)) == "2025-11-25T04:56:33.842290Z")
    }

    @Test("now() is strictly increasing, so a parent sorts before its children as text")
    func increasing() {
        let stamps = (0..<2000).map { _ in Timestamp.now() }
        #expect(zip(stamps, stamps.dropFirst()).allSatisfy { $0 < $1 })
        #expect(stamps.allSatisfy { $0.count == 27 && $0.hasSuffix("Z") })
    }

    @Test("a thread name is the first message cut to 255 characters")
    func threadName() {
        #expect(ChatThread.name(fromFirstMessage: String(repeating: "é", count: 300)).count == 255)
        #expect(ChatThread.name(fromFirstMessage: "hi") == "hi")
    }
}
