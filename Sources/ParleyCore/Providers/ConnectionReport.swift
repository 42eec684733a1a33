/// The outcome of a provider's connection test, worded for a person.
public struct ConnectionReport: Sendable, Equatable {
    /// The provider's configured name.
    public var provider: String
    /// What went wrong; nil when the provider answered an authenticated call.
    public var problem: ParleyError?
    /// One line saying what was checked and what was found.
    public var summary: String

    public var succeeded: Bool { problem == nil }

    public init(provider: String, problem: ParleyError?, summary: String) {
        self.provider = provider
        self.problem = problem
        self.summary = summary
    }
}
