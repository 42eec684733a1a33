import Foundation

/// What a successful transfer delivers: its head once, then body bytes as they arrive.
public enum HTTPEvent: Sendable {
    case head(HTTPResponseHead)
    case bytes(Data)
}
