/// One piece of a streamed answer, in the order the provider sent it.
public enum ChatEvent: Sendable, Equatable {
    /// Answer text to append.
    case text(String)
    /// Reasoning ("thinking") text, shown apart from the answer.
    case reasoning(String)
    /// The answer is complete; nothing follows.
    case finished(ChatCompletion)
}
