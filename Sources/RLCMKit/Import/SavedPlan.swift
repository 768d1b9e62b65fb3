import RLCMFormat
/// Plans saved with `rlcm plan --out` and read back by `rlcm import --plan`.
public enum SavedPlan {
    public static func write(_ plan: ImportPlan, to file: String) throws {
        try FileSystem.replace(Workspace.absolute(file), with: try StateCoding.encode(plan))
    }

    public static func read(_ file: String) throws -> ImportPlan {
        try StateCoding.decode(ImportPlan.self, from: try FileSystem.read(file), file: file)
    }
}
