/// Where the REPL hands its writes: returns at once, so the terminal never waits for the database.
public protocol StepSink: Sendable {
    /// Hands over changes to be saved in this order; handed over together, they reach the store together.
    func submit(_ operations: [WriteOperation])
    /// Returns when everything submitted before is in the database or in the durable outbox.
    func flush() async
}

// MARK: - Default implementations

extension StepSink {
    public func submit(_ operation: WriteOperation) {
        submit([operation])
    }
}
