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

    public init(editMode: EditMode = .emacs, historySize: Int = 1000, color: ColorMode = .auto,
                reasoning: ReasoningMode = .show, attachmentLimitMiB: Int = 10) {
        self.editMode = editMode
        self.historySize = historySize
        self.color = color
        self.reasoning = reasoning
        self.attachmentLimitMiB = attachmentLimitMiB
    }
}

extension Configuration: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case editMode = "edit_mode"
        case historySize = "history_size"
        case color
        case reasoning
        case attachmentLimitMiB = "attachment_limit_mib"
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
    }
}
