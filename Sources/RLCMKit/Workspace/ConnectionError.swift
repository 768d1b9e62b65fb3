import RLCMFormat

/// Why a connection cannot be made, changed or given to a recipe.
public enum ConnectionError: RLCMError, Equatable {
    case notAConnection(String)
    case emptyName
    /// Provider names are connector names: letters, digits and underscores.
    case invalidProvider(String)
    case notInsideProject(String)
    case folderNotFound(String)
    /// Moving a connection onto a file that is already there.
    case pathTaken(String)
    /// The recipe has no `config[]` entry for the provider.
    case providerNotInRecipe(recipe: String, provider: String)
    /// The recipe's entry for the provider names no connection, and giving it one would rewrite
    /// the whole file: it is not written as the platform writes recipes.
    case notWrittenAsThePlatformWrites(recipe: String, provider: String)

    public var description: String {
        switch self {
        case .notAConnection(let path):
            return "'\(path)' is not a connection of the workspace (connections are files named *.connection.json)"
        case .emptyName:
            return "a connection needs a name that is not empty"
        case .invalidProvider(let provider):
            return "'\(provider)' is not a connector name: use the provider's name, as 'slack', or a custom connector's provider key"
        case .notInsideProject(let folder):
            return "'\(folder.isEmpty ? "the workspace root" : folder)' is not inside a project: a connection lives in a project or a folder inside one"
        case .folderNotFound(let folder):
            return "'\(folder)' is not a folder of the workspace"
        case .pathTaken(let path):
            return "'\(path)' already exists: move or rename that file first"
        case .providerNotInRecipe(let recipe, let provider):
            return "recipe '\(recipe)' uses no connector '\(provider)': its config names the connectors it uses"
        case .notWrittenAsThePlatformWrites(let recipe, let provider):
            return "recipe '\(recipe)' names no connection for '\(provider)', and adding one would rewrite the whole file: it is not two-space JSON as the platform writes recipes; give its config entry an account_id, or write the file as an export does"
        }
    }
}
