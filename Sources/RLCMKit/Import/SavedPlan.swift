import RLCMFormat

/// A plan saved by `rlcm plan --out`, for `rlcm import --plan` to apply exactly.
extension ImportPlan {
    public func save(to file: String) throws {
        try FileSystem.replace(Workspace.absolute(file), with: try StateCoding.encode(self))
    }

    public init(savedAt file: String) throws {
        self = try StateCoding.decode(ImportPlan.self, from: try FileSystem.read(file), file: file)
    }
}

/// A plan saved by `rlcm plan --out`, with the file it was read from (errors and reports name it).
public struct SavedPlan: Sendable {
    public var plan: ImportPlan
    public var file: String

    public init(file: String) throws {
        self.plan = try ImportPlan(savedAt: file)
        self.file = file
    }

    /// The options the plan was made with, for planning it again.
    public var options: ImportOptions {
        ImportOptions(project: plan.project, restartRecipes: plan.restartRecipes, strict: plan.strict)
    }
}
