import ParleyCore

/// A provider reached over HTTP, as every backend is: getting ready for a request means loading libcurl.
public protocol HTTPChatProvider: ChatProvider {}

extension HTTPChatProvider {
    public func prepare() {
        HTTPTransport.preload()
    }
}
