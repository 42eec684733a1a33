/// Who speaks in a conversation; backends map these onto their own role names.
public enum ChatRole: String, Sendable, Equatable, CaseIterable {
    case system, user, assistant
}
