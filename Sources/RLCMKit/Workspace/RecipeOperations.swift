import RLCMFormat
/// `recipe start|stop|list`.
public struct RecipeStateReport: Report {
    public struct Row: Codable, Sendable {
        public var path: String
        public var running: Bool
    }
    public var formatVersion = outputFormatVersion
    public var recipes: [Row]
    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", recipes }
}

extension WorkspaceSession {
    /// Starts or stops the recipe at a workspace-relative path.
    public func setRecipe(_ path: String, running: Bool) throws -> RecipeStateReport {
        let path = try recipe(at: path)
        if running { try checkConnections(of: path) }
        var states = try recipeStates()
        states.set(path, running: running)
        let transaction = try transaction()
        try states.write(in: transaction)
        try transaction.commit()
        return RecipeStateReport(recipes: [.init(path: path, running: running)])
    }

    /// The workspace-relative path of the recipe at `path`; what is not one is refused saying
    /// what it is (missing, a folder, a connection, ...).
    func recipe(at path: String) throws -> String {
        let path = path.split(separator: "/").joined(separator: "/")
        let full = workspace.path(path)
        guard !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }), FileSystem.exists(full) else { throw WorkspaceError.noSuchPath(path) }
        guard !FileSystem.isDirectory(full) else { throw WorkspaceError.notARecipe(path, kind: "a folder") }
        let type = AssetType.of(path) ?? .file
        guard type == AssetType.recipe else { throw WorkspaceError.notARecipe(path, kind: type == .file ? "a file" : "a \(type.rawValue)") }
        return path
    }

    /// A recipe runs through its connections: one whose connection is not in the workspace (an
    /// import left the reference open) cannot start until one exists at that path.
    private func checkConnections(of path: String) throws {
        let scanner = try WorkspaceScanner(workspace: workspace)
        let missing = try scanner.links(of: path)?.references.filter {
            AssetType.of($0.zipName) == AssetType.connection && (try? scanner.resolveFile($0, from: path).get()) == nil
        } ?? []
        if !missing.isEmpty {
            throw WorkspaceError.missingConnections(recipe: path, references: missing.map { "\($0.jsonPath) '\($0.zipName)'" })
        }
    }

    public func listRecipes() throws -> RecipeStateReport {
        let states = try recipeStates()
        let scanner = try WorkspaceScanner(workspace: workspace)
        var rows: [RecipeStateReport.Row] = []
        for project in try workspace.projects() {
            for path in try scanner.files(below: project) where AssetType.of(path) == AssetType.recipe {
                rows.append(.init(path: path, running: states.isRunning(path)))
            }
        }
        return RecipeStateReport(recipes: rows)
    }
}
