import ParleyCore
import Testing

@Suite("The user-facing error")
struct ParleyErrorTests {
    static let codes: [ParleyError.Code] = [
        .general, .usage, .auth, .rateLimit, .modelNotFound, .badRequest, .server, .network, .timeout, .database,
        .databaseUnreachable, .input, .config, .interrupted,
    ]

    @Test("every kind has its own name and a failing exit status")
    func kinds() {
        #expect(Set(Self.codes.map(\.description)).count == Self.codes.count)
        #expect(!Self.codes.map(\.exitStatus).contains(0))
    }

    @Test("exit statuses follow parley(1)", arguments: [
        (ParleyError.Code.general, 1), (.usage, 2), (.auth, 3), (.rateLimit, 4), (.modelNotFound, 5),
        (.badRequest, 1), (.server, 1), (.network, 6), (.timeout, 6), (.database, 7), (.databaseUnreachable, 7),
        (.input, 8), (.config, 9),
        (.interrupted, 130),
    ] as [(ParleyError.Code, Int32)])
    func exitStatus(code: ParleyError.Code, status: Int32) {
        #expect(code.exitStatus == status)
    }

    @Test("the description is the message, then the hint on its own line")
    func description() {
        #expect("\(ParleyError(.usage, "what happened"))" == "what happened")
        #expect("\(ParleyError(.usage, "what happened", hint: "what to do"))" == "what happened\nwhat to do")
    }
}
