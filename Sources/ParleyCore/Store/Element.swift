/// A file or image attached to a step; `bytes` lives in parley's own table, which Chainlit ignores.
public struct Element: Sendable, Equatable, Hashable, Codable {
    public var id: String
    public var threadId: String?
    public var forId: String?
    public var type: String?
    public var name: String
    public var url: String?
    public var chainlitKey: String?
    public var display: String?
    public var objectKey: String?
    public var size: String?
    public var page: Int?
    public var language: String?
    public var mime: String?
    public var props: [String: JSONValue]?
    /// Filled only by `DataLayer.element(threadId:id:)`, so thread loads stay light.
    public var bytes: [UInt8]?

    public init(id: String, threadId: String?, forId: String? = nil, type: String? = nil, name: String,
                url: String? = nil, chainlitKey: String? = nil, display: String? = nil, objectKey: String? = nil,
                size: String? = nil, page: Int? = nil, language: String? = nil, mime: String? = nil,
                props: [String: JSONValue]? = nil, bytes: [UInt8]? = nil) {
        self.id = id
        self.threadId = threadId
        self.forId = forId
        self.type = type
        self.name = name
        self.url = url
        self.chainlitKey = chainlitKey
        self.display = display
        self.objectKey = objectKey
        self.size = size
        self.page = page
        self.language = language
        self.mime = mime
        self.props = props
        self.bytes = bytes
    }
}
