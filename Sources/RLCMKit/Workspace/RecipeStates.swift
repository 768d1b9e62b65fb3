import Foundation
import RLCMFormat

/// Which recipes are running, kept in `.rlcm/recipes.json` rather than in the recipe files so that
/// starting a recipe never changes what is exported.
public struct RecipeStates: Codable, Sendable, Equatable {
    /// Workspace-relative paths of running recipes.
    public private(set) var running: [String] = []

    static let file = "\(Workspace.stateFolderName)/recipes.json"

    public init() {}

    static func load(_ workspace: Workspace) throws -> RecipeStates {
        let path = workspace.path(file)
        guard FileSystem.exists(path) else { return RecipeStates() }
        return try StateCoding.decode(RecipeStates.self, from: try FileSystem.read(path), file: path)
    }

    public func isRunning(_ path: String) -> Bool { running.contains(path) }

    mutating func set(_ path: String, running isRunning: Bool) {
        running.removeAll { $0 == path }
        if isRunning { running.append(path); running.sort() }
    }

    func write(in transaction: Transaction) throws {
        try transaction.write(RecipeStates.file, try StateCoding.encode(self))
    }
}
