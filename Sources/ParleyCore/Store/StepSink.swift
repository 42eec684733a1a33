/// Where the REPL hands its writes: returns at once, so the terminal never waits for the database.
public protocol StepSink: Sendable {
    func submit(_ operation: WriteOperation)
    /// Returns when everything submitted before is in the database or in the durable outbox.
    func flush() async
}
