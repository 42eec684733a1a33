/// What the writer tells the person: news of the database (away, back), or a change it had to drop, which means
/// part of the chat is not saved and a script must not end as if all went well.
public struct WriterNotice: Sendable, Equatable {
    public let text: String
    /// The change is lost: the database refused it, or it could not be kept locally either.
    public let dropped: Bool
    /// What to do about a dropped change.
    public let hint: String

    init(_ text: String, dropped: Bool = false, hint: String = "") {
        self.text = text
        self.dropped = dropped
        self.hint = hint
    }
}
