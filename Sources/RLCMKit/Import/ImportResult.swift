import RLCMFormat

/// What an import did, asset by asset and connector by connector (`Schemas/import-result.schema.json`).
public struct ImportResult: Report, Sendable {
    public var formatVersion = outputFormatVersion
    public var id: String
    public var plan: ImportPlan
    public var connectorVersions: [HistoryRecord.CreatedVersion]
    /// Running recipes that were stopped, overwritten and started again.
    public var restartedRecipes: [String]

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", id, plan, connectorVersions = "connector_versions", restartedRecipes = "restarted_recipes"
    }
}
