/// Settings read from `config.yaml`; every field has a default so an empty or missing file is valid.
public struct Configuration: Sendable, Equatable {
    /// Key bindings of the line editor.
    public enum EditMode: String, Sendable, Equatable, CaseIterable, Decodable {
        case emacs, vi
    }

    /// When to colour output.
    public enum ColorMode: String, Sendable, Equatable, CaseIterable, Decodable {
        case auto, always, never
    }

    /// What a terminal shows of a model's reasoning ("thinking"); a pipe never gets it.
    public enum ReasoningMode: String, Sendable, Equatable, CaseIterable, Decodable {
        case show, hide
    }

    public var editMode: EditMode
    public var historySize: Int
    public var color: ColorMode
    public var reasoning: ReasoningMode
    /// The largest file `/attach` accepts, in MiB.
    public var attachmentLimitMiB: Int
    /// The defaults of `--user`, `--database`, `--system` and `--max-tokens`.
    public var user: String?
    public var database: String?
    public var systemPrompt: String?
    public var maxTokens: Int?
    /// Seconds a PostgreSQL server may take to answer a statement before it counts as away.
    public var databaseTimeout: Double

    public init(editMode: EditMode = .emacs, historySize: Int = 1000, color: ColorMode = .auto,
                reasoning: ReasoningMode = .show, attachmentLimitMiB: Int = 10, user: String? = nil,
                database: String? = nil, systemPrompt: String? = nil, maxTokens: Int? = nil,
                databaseTimeout: Double = 15) {
        self.editMode = editMode
        self.historySize = historySize
        self.color = color
        self.reasoning = reasoning
        self.attachmentLimitMiB = attachmentLimitMiB
        self.user = user
        self.database = database
        self.systemPrompt = systemPrompt
        self.maxTokens = maxTokens
        self.databaseTimeout = databaseTimeout
    }
}

extension Configuration: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case editMode = "edit_mode"
        case historySize = "history_size"
        case color
        case reasoning
        case attachmentLimitMiB = "attachment_limit_mib"
        case user
        case database
        case systemPrompt = "system"
        case maxTokens = "max_tokens"
        case databaseTimeout = "database_timeout"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Configuration()
        editMode = try container.decodeIfPresent(EditMode.self, forKey: .editMode) ?? defaults.editMode
        historySize = try container.decodeIfPresent(Int.self, forKey: .historySize) ?? defaults.historySize
        color = try container.decodeIfPresent(ColorMode.self, forKey: .color) ?? defaults.color
        reasoning = try container.decodeIfPresent(ReasoningMode.self, forKey: .reasoning) ?? defaults.reasoning
        attachmentLimitMiB = try container.decodeIfPresent(Int.self, forKey: .attachmentLimitMiB)
            ?? defaults.attachmentLimitMiB
        guard attachmentLimitMiB >= 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .attachmentLimitMiB, in: container,
                debugDescription: "\(attachmentLimitMiB) is not a size: use 0 or more MiB")
        }
        user = try container.decodeIfPresent(String.self, forKey: .user).flatMap { $0.isEmpty ? nil : $0 }
        database = try container.decodeIfPresent(String.self, forKey: .database).flatMap { $0.isEmpty ? nil : $0 }
        systemPrompt = try container.decodeIfPresent(String.self, forKey: .systemPrompt)
            .flatMap { $0.isEmpty ? nil : $0 }
        maxTokens = try container.decodeIfPresent(Int.self, forKey: .maxTokens)
        if let maxTokens, maxTokens < 1 {
            throw DecodingError.dataCorruptedError(forKey: .maxTokens, in: container,
                                                   debugDescription: "\(maxTokens) is not a positive number of tokens")
        }
        databaseTimeout = try container.decodeIfPresent(Double.self, forKey: .databaseTimeout)
            ?? defaults.databaseTimeout
        guard databaseTimeout > 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .databaseTimeout, in: container,
                debugDescription: "\(databaseTimeout) is not a positive number of seconds")
        }
    }
}
