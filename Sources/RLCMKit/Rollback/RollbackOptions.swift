import RLCMFormat

/// What `rlcm rollback` is asked to do.
public struct RollbackOptions: Sendable {
    /// The import or rollback to undo.
    public var id: String
    /// Running recipes whose files change are stopped and started again (without it they block).
    public var restartRecipes: Bool
    /// Files changed since the record wrote them are put back too, and newer records that wrote
    /// the same files do not block.
    public var force: Bool

    public init(id: String, restartRecipes: Bool = false, force: Bool = false) {
        self.id = id
        self.restartRecipes = restartRecipes
        self.force = force
    }
}

/// What a rollback did (`Schemas/rollback-result.schema.json`): the plan it applied, and the
/// record it left in the history.
public struct RollbackResult: Report, Sendable {
    public var formatVersion = outputFormatVersion
    /// The rollback's own history id (roll it back to bring the change back).
    public var id: String
    public var plan: ImportPlan
    public var restartedRecipes: [String]

    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", id, plan, restartedRecipes = "restarted_recipes" }
}
