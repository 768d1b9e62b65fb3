import Foundation
import RLCMFormat

/// Connections made and changed one at a time (through `rlcm serve`, as a deployment does on the
/// platform), each change one transaction. A connection is a file that names its connector and
/// holds no credentials; recipes and other assets refer to it by its `zip_name`, so a connection
/// that moves has every reference to it rewritten in the same transaction, byte for byte, as an
/// import rewrites references to a bound connection.
extension WorkspaceSession {
    /// A new connection in `folder` (a project or a folder inside one): the placeholder an import
    /// writes for a connection the target lacks (`name`, `provider`, `root_folder: false`), which
    /// someone authenticates on the platform. `provider` is a platform connector's name, or a
    /// store connector's provider key (written as the reference by title that workspace files
    /// use). The file is named after the connection, with `_2`, `_3`… when that name is taken.
    /// Returns its path.
    public func createConnection(name: String, provider: String, in folder: String) throws -> String {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw ConnectionError.emptyName }
        try checkFolder(folder)
        let document = JSONObject([("name", .string(name)), ("provider", try providerValue(provider)), ("root_folder", .bool(false))])
        let stem = Connector.slug(name)
        var path = "\(folder)/\(stem).\(AssetType.connection).json"
        var suffix = 1
        while FileSystem.exists(workspace.path(path)) {
            suffix += 1
            path = "\(folder)/\(stem)_\(suffix).\(AssetType.connection).json"
        }
        let transaction = try transaction()
        try transaction.write(path, JSONWriter.pretty(.object(document)) + [0x0A])
        try transaction.commit()
        return path
    }

    /// Renames the connection at `path` (the `name` in its file; the file keeps its name, so
    /// nothing that refers to it changes) and moves it into `folder`, rewriting every reference
    /// to it. Returns where it is afterwards.
    public func updateConnection(_ path: String, name: String?, folder: String?) throws -> String {
        try checkConnection(path)
        var bytes = try FileSystem.read(workspace.path(path))
        if let name {
            let name = name.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw ConnectionError.emptyName }
            var document = try JSONParser.parse(bytes, file: path).objectValue ?? JSONObject()
            document["name"] = .string(name)
            bytes = JSONWriter.pretty(.object(document)) + [0x0A]
        }
        let transaction = try transaction()
        var target = path
        if let folder, folder != Workspace.parent(of: path) {
            try checkFolder(folder)
            target = "\(folder)/\(path.split(separator: "/").last!)"
            guard !FileSystem.exists(workspace.path(target)) else { throw ConnectionError.pathTaken(target) }
            try rewriteReferences(to: path, as: target, in: transaction)
            try transaction.remove(path)
        }
        try transaction.write(target, bytes)
        try transaction.commit()
        return target
    }

    /// Points the recipe's `config[]` entry for `provider` at the connection at `connection`. An
    /// entry that names a connection has its reference rewritten to the new one, byte for byte;
    /// what else the recipe holds is left as it is. An entry that names none (`account_id: null`)
    /// is given the reference the platform writes (`zip_name`, `name`, `folder`, and `custom` for a
    /// custom connector's connection), which takes writing the recipe again: only a recipe written
    /// as the platform writes them, which is then unchanged elsewhere, is.
    public func connect(recipe: String, provider: String, to connection: String) throws {
        let recipe = try self.recipe(at: recipe)
        try checkConnection(connection)
        let bytes = try FileSystem.read(workspace.path(recipe))
        let parsed = try JSONParser.parse(bytes, file: recipe)
        var config = parsed["config"]?.arrayValue ?? []
        guard let index = config.firstIndex(where: { $0["provider"]?.stringValue == provider }), var entry = config[index].objectValue else {
            throw ConnectionError.providerNotInRecipe(recipe: recipe, provider: provider)
        }
        let fresh = Self.zipName(of: connection, from: recipe)
        let written: [UInt8]
        if let current = entry["account_id"]?["zip_name"]?.stringValue {
            guard current != fresh else { return }
            written = ProviderKeyRewriter(["\"\(current)\"": "\"\(fresh)\""]).rewrite(bytes).bytes
        } else {
            guard var document = parsed.objectValue, JSONWriter.pretty(parsed) + [0x0A] == bytes else {
                throw ConnectionError.notWrittenAsThePlatformWrites(recipe: recipe, provider: provider)
            }
            let target = try JSONParser.parse(try FileSystem.read(workspace.path(connection)), file: connection)
            var reference = JSONObject([("zip_name", .string(fresh)), ("name", target["name"] ?? .string(fresh)),
                                        ("folder", .string(Workspace.parent(of: fresh)))])
            if target["provider"]?.objectValue != nil { reference["custom"] = .bool(true) }
            entry["account_id"] = .object(reference)
            config[index] = .object(entry)
            document["config"] = .array(config)
            written = JSONWriter.pretty(.object(document)) + [0x0A]
        }
        let transaction = try transaction()
        try transaction.write(recipe, written)
        try transaction.commit()
    }

    /// Stages, for every asset whose references lead to `old`, the asset with those references
    /// rewritten to lead to `new`.
    private func rewriteReferences(to old: String, as new: String, in transaction: Transaction) throws {
        let scanner = try WorkspaceScanner(workspace: workspace)
        let files = try scanner.files(below: "").filter { $0 != old && AssetType.isJSONAsset($0) }
        try scanner.preload(files)
        for file in files {
            let leading = Set(try scanner.links(of: file)?.references.filter { (try? scanner.resolveFile($0, from: file).get()) == old }
                .map(\.zipName) ?? [])
            guard !leading.isEmpty else { continue }
            let fresh = Self.zipName(of: new, from: file)
            let rewriter = ProviderKeyRewriter(Dictionary(uniqueKeysWithValues: leading.map { ("\"\($0)\"", "\"\(fresh)\"") }))
            try transaction.write(file, rewriter.rewrite(try FileSystem.read(workspace.path(file))).bytes)
        }
    }

    /// How the asset at `file` refers to the workspace file at `path`: relative to its project
    /// when `path` is in it, else from the workspace root (the first segment naming the project).
    static func zipName(of path: String, from file: String) -> String {
        ExportResolver.zipName(of: path, project: file.split(separator: "/").first.map(String.init) ?? "")
    }

    private func checkConnection(_ path: String) throws {
        guard AssetType.of(path) == AssetType.connection, FileSystem.isRegularFile(workspace.path(path)) else {
            throw ConnectionError.notAConnection(path)
        }
    }

    private func checkFolder(_ folder: String) throws {
        let components = folder.split(separator: "/")
        guard !components.isEmpty else { throw ConnectionError.notInsideProject(folder) }
        guard !components.contains(where: { $0.hasPrefix(".") }), FileSystem.isDirectory(workspace.path(folder)) else {
            throw ConnectionError.folderNotFound(folder)
        }
    }

    /// A connection file's `provider`: a store connector is named by a reference with its title,
    /// anything else by its name.
    private func providerValue(_ provider: String) throws -> JSONValue {
        guard !provider.isEmpty, provider.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }) else {
            throw ConnectionError.invalidProvider(provider)
        }
        guard let connector = try connectors.all().first(where: { $0.providerKey == provider }) else { return .string(provider) }
        return .object(JSONObject([("zip_name", .string("\(Connector.slug(connector.title)).\(AssetType.customAdapter).json")),
                                   ("name", .string(connector.title)), ("folder", .string(""))]))
    }
}
