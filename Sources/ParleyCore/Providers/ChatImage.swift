import Foundation

/// An image attached to a message, kept as bytes so each backend can encode it the way it wants.
public struct ChatImage: Sendable, Equatable {
    /// The media type, such as `image/png`.
    public var mimeType: String
    public var data: Data

    public init(mimeType: String, data: Data) {
        self.mimeType = mimeType
        self.data = data
    }
}
