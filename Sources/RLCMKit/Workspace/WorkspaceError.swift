import Foundation
import RLCMFormat

/// Problems with finding, creating or reading a workspace.
public enum WorkspaceError: RLCMError, Equatable {
    case notFound(searchedFrom: String)
    /// A folder named as the workspace (`-C`) that does not exist.
    case noFolder(String)
    /// A folder named as the workspace that lies inside the workspace at `root`.
    case insideWorkspace(String, root: String)
    /// A folder named as the workspace that is none and lies in none.
    case notAWorkspace(String)
    case alreadyExists(String)
    case notEmpty(String)
    case invalidValue(option: String, value: String, allowed: [String])
    case noSuchPath(String)
    /// What the path is instead: a folder, a connection, ...
    case notARecipe(String, kind: String)
    case locked(holder: String, waitedSeconds: Double)
    /// The recipe's connections that are not in the workspace: where each is referenced, and its path.
    case missingConnections(recipe: String, references: [String])
    /// Property values the platform would refuse: each reason.
    case invalidProperties([String])

    public var description: String {
        switch self {
        case .notFound(let start):
            return "no rlcm workspace found in '\(start)' or any folder above it; create one with 'rlcm init DIR' or name one with -C DIR"
        case .noFolder(let path):
            return "the workspace folder '\(path)' does not exist; name an existing workspace with -C DIR, or create one with 'rlcm init DIR'"
        case .insideWorkspace(let path, let root):
            return "'\(path)' is a folder inside the workspace '\(root)', not a workspace itself; name the workspace's root: -C '\(root)'"
        case .notAWorkspace(let path):
            return "'\(path)' is not an rlcm workspace (it has no .rlcm/workspace.json, nor does any folder above it); create one with 'rlcm init DIR' or name one with -C DIR"
        case .alreadyExists(let path):
            return "'\(path)' is already an rlcm workspace"
        case .notEmpty(let path):
            return "'\(path)' exists and is not an empty folder; choose a new or empty folder for the workspace"
        case .invalidValue(let option, let value, let allowed):
            return "\(option) '\(value)' is not one of: \(allowed.joined(separator: ", "))"
        case .noSuchPath(let path):
            return "'\(path)' does not exist in the workspace (paths are relative to the workspace root, as 'rlcm recipe list' prints recipes)"
        case .notARecipe(let path, let kind):
            return "'\(path)' is \(kind), not a recipe (recipes are files named *.recipe.json)"
        case .locked(let holder, let waited):
            return "the workspace is busy: \(holder) holds its lock; gave up after waiting \(waited.formatted()) s"
        case .missingConnections(let recipe, let references):
            let plural = references.count == 1 ? "connection is" : "connections are"
            return "recipe '\(recipe)' cannot be started: its \(plural) not in the workspace (\(references.joined(separator: ", "))); add the connection at that path, relative to the recipe's project, then start it"
        case .invalidProperties(let reasons):
            return "the properties cannot be set, nothing was changed: " + reasons.joined(separator: "; ")
        }
    }
}
