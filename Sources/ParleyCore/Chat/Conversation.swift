/// Rebuilding what the model is told from a thread's steps, and keeping the turns well formed.
public enum Conversation {
    /// The messages of a thread in order: user and assistant messages (interrupted answers and what a failed one
    /// said before failing as they are; retried answers, and failures that said nothing but their error, left
    /// out), and the latest system message's text as the system prompt (empty: removed; nil: the chat never had
    /// one). Works on threads Chainlit wrote too.
    public static func messages(from steps: [Step]) -> (messages: [ChatMessage], systemPrompt: String?) {
        var messages: [ChatMessage] = []
        var systemPrompt: String?
        let replaced = replacedAnswers(in: steps)
        for step in steps.sorted(by: { ($0.createdAt ?? "") < ($1.createdAt ?? "") }) where !replaced.contains(step.id) {
            let text = step.output ?? ""
            switch step.type {
            case .userMessage where !text.isEmpty:
                if case .string(let prompt)? = step.metadata["prompt"] {
                    messages.append(ChatMessage(role: .user, text: prompt))
                } else {
                    messages.append(ChatMessage(role: .user, text: text))
                }
            case .assistantMessage where !text.isEmpty && !isOnlyAnError(step):
                messages.append(ChatMessage(role: .assistant, text: text))
            case .systemMessage:
                systemPrompt = text
            default:
                break
            }
        }
        return (messages, systemPrompt)
    }

    /// The answers a retry replaced: a later step names each in its `retryOf`.
    public static func replacedAnswers(in steps: [Step]) -> Set<String> {
        Set(steps.compactMap { step -> String? in
            if case .string(let id)? = step.metadata["retryOf"] { return id }
            return nil
        })
    }

    /// The feedback an answer carries: Chainlit keeps it on the run step and shows it on the run's last answer,
    /// so an answer a retry replaced has none of its own.
    public static func feedback(on step: Step, in steps: [Step]) -> Feedback? {
        guard step.type == .assistantMessage, let parent = steps.first(where: { $0.id == step.parentId }),
              let feedback = parent.feedback else { return nil }
        let last = steps.filter { $0.type == .assistantMessage && $0.parentId == parent.id }
            .max { ($0.createdAt ?? "") < ($1.createdAt ?? "") }
        return last?.id == step.id ? feedback : nil
    }

    /// A failed answer whose text is its error (parley's when nothing came, Chainlit's error messages): the model
    /// never said it.
    private static func isOnlyAnError(_ step: Step) -> Bool {
        guard step.isError == true else { return false }
        guard case .string(let error)? = step.metadata["error"] else { return true }
        return error == step.output
    }

    /// Joins neighbouring messages of the same role (a question whose answer failed, then another question),
    /// since some providers refuse two user turns in a row.
    public static func wellFormed(_ messages: [ChatMessage]) -> [ChatMessage] {
        var result: [ChatMessage] = []
        for message in messages {
            if let last = result.last, last.role == message.role {
                result[result.count - 1] = ChatMessage(role: last.role, text: last.text + "\n\n" + message.text,
                                                       images: last.images + message.images)
            } else {
                result.append(message)
            }
        }
        return result
    }
}
