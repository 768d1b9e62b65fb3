import RLCMFormat

/// What the planner hands on: the plan, and for an import, what the applier needs besides it.
struct PlannedImport {
    var plan: ImportPlan
    /// What was staged for the applier; nil for a plan that is only shown.
    var staged: StagedImport?
    /// What each recipe the import writes (or finds unchanged) uses and holds once in place,
    /// from the package index and the key map, so the usage cache learns it without a parse.
    var recipesWritten: [String: RecipeUsageCache.Written]
    /// The usage cache as the dependency report left it, not yet saved: its owner saves it, after
    /// an import with the recipes it wrote.
    var usage: RecipeUsageCache
}

/// The bytes an import writes, made ready by the planner's one pass over the package: the
/// entries, staged in files an `ImportApplier` adopts when it applies the plan, and the connectors'
/// code, metadata and logo, which become versions in the store.
struct StagedImport {
    let area: StagingArea
    /// Workspace path → the staged file that becomes it, in the area's folder.
    var files: [String: String]
    var connectors: [PackageIndex.CarriedConnector]
    /// For connectors the import creates (by title): the id and key chosen for them.
    var newIdentities: [String: (id: Int, key: String)]
}
