import Foundation

/// A response whose status was not 2xx, with its whole body so the provider's own message can be shown.
public struct HTTPStatusFailure: Error, Sendable {
    public var head: HTTPResponseHead
    public var body: Data

    public init(head: HTTPResponseHead, body: Data) {
        self.head = head
        self.body = body
    }
}
