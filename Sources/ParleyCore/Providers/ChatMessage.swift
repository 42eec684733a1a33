/// One turn of a conversation as the providers see it.
public struct ChatMessage: Sendable, Equatable {
    public var role: ChatRole
    public var text: String
    public var images: [ChatImage]

    public init(role: ChatRole, text: String, images: [ChatImage] = []) {
        self.role = role
        self.text = text
        self.images = images
    }
}
