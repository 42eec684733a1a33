import ParleyCore
import Testing

@Suite("The user-facing error")
struct ParleyErrorTests {
    static let codes: [ParleyError.Code] = [
        .general, .usage, .auth, .rateLimit, .modelNotFound, .network, .database, .input, .config, .interrupted,
    ]

    @Test("each kind has its own exit status, none of them 0")
    func exitStatuses() {
        let statuses = Self.codes.map(\.exitStatus)
        #expect(Set(statuses).count == statuses.count)
        #expect(!statuses.contains(0))
        #expect(ParleyError.Code.usage.exitStatus == 2)
        #expect(ParleyError.Code.interrupted.exitStatus == 130)
    }

    @Test("the description is the message, then the hint on its own line")
    func description() {
        #expect("\(ParleyError(.usage, "what happened"))" == "what happened")
        #expect("\(ParleyError(.usage, "what happened", hint: "what to do"))" == "what happened\nwhat to do")
    }
}
