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
