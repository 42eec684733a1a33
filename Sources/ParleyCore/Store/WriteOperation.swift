/// One change to the store, as handed to the writer and kept in the outbox; every case is idempotent
/// (an upsert or a delete by id), so replaying it twice is harmless.
public enum WriteOperation: Sendable, Equatable, Codable {
    /// Finds or creates the user by identifier; kept first when a person's first chat begins offline.
    case createUser(User)
    case createThread(ChatThread)
    case updateThread(id: String, name: String?, tags: [String]?, metadata: [String: JSONValue]?)
    case deleteThread(id: String)
    case upsertStep(Step)
    case deleteStep(id: String)
    case createElement(Element)
    case deleteElement(id: String)
    case upsertFeedback(Feedback)
    case deleteFeedback(id: String)

    /// Performs the change on a store.
    public func apply(to layer: any DataLayer) async throws(ParleyError) {
        switch self {
        case .createUser(let user): _ = try await layer.createUser(user)
        case .createThread(let thread): try await layer.createThread(thread)
        case .updateThread(let id, let name, let tags, let metadata):
            try await layer.updateThread(id: id, name: name, tags: tags, metadata: metadata)
        case .deleteThread(let id): try await layer.deleteThread(id: id)
        case .upsertStep(let step): try await layer.upsertStep(step)
        case .deleteStep(let id): try await layer.deleteStep(id: id)
        case .createElement(let element): try await layer.createElement(element)
        case .deleteElement(let id): try await layer.deleteElement(id: id)
        case .upsertFeedback(let feedback): _ = try await layer.upsertFeedback(feedback)
        case .deleteFeedback(let id): _ = try await layer.deleteFeedback(id: id)
        }
    }
}
