import RLCMFormat
/// Where a package's entries land in the target workspace.
struct Landing: Sendable {
    let workspace: Workspace
    let project: String
    /// The folder inside the project the package's root lands in (`""`: the project).
    let folder: String
    /// The target's projects, when the plan began.
    let projects: Set<String>

    /// Where the package's root lands, workspace-relative.
    var base: String { folder.isEmpty ? project : "\(project)/\(folder)" }

    /// Entries land in the project (or the folder of it the import targets), except those whose
    /// first folder names another project of the target: they are that project's cross-project
    /// dependencies and land there; and the account's properties, which are the workspace's.
    func path(_ zipName: String) -> String {
        if zipName == PropertyStore.accountFile { return zipName }
        guard !projects.isEmpty, let slash = zipName.utf8.firstIndex(of: UInt8(ascii: "/")) else { return "\(base)/\(zipName)" }
        let first = String(zipName[..<slash])
        let crossProject = first != project && projects.contains(first) && !FileSystem.isDirectory(workspace.path("\(base)/\(first)"))
        return crossProject ? zipName : "\(base)/\(zipName)"
    }

}

/// What the package refers to but does not carry, looked up in the target: a reference resolves
/// in the package, else in the target at the same path; what resolves nowhere is unresolved. The
/// asset still imports; the plan reports the reference.
struct TargetReferences {
    let landing: Landing
    let scanner: WorkspaceScanner

    init(workspace: Workspace, project: String, folder: String = "", projects: Set<String>) throws {
        landing = Landing(workspace: workspace, project: project, folder: folder, projects: projects)
        scanner = try WorkspaceScanner(workspace: workspace)
    }

    func landingPath(_ zipName: String) -> String { landing.path(zipName) }

    /// The target's files under the landing folder, sorted (none before its first import).
    func filesUnderLanding() throws -> [String] {
        guard FileSystem.isDirectory(landing.workspace.path(landing.base)) else { return [] }
        return try scanner.files(below: landing.base)
    }

    /// The references of `index` that resolve nowhere. Provider keys that no connection of the
    /// package ties to a connector are tied through the target's connection at the same path
    /// when there is one (adding them to `matching`'s key map), else reported too.
    func resolveOpenReferences(of index: PackageIndex, matching: inout ConnectorMatching) -> [ImportPlan.Unresolved] {
        var open: [ImportPlan.Unresolved] = []
        for outside in index.outside {
            let reference = outside.reference
            let type = AssetType.of(reference.zipName) ?? .file
            let resolved = type == AssetType.customAdapter
                ? reference.name.flatMap { matching.targetKey(title: $0) } != nil
                : targetPath(of: reference, from: outside.entry) != nil
            guard !resolved else { continue }
            open.append(ImportPlan.Unresolved(
                asset: landingPath(outside.entry), entry: outside.entry, jsonPath: reference.jsonPath, zipName: reference.zipName,
                providerKey: nil, name: reference.name, type: type,
                meaning: Self.meaning(of: type, in: AssetType.of(outside.entry) ?? .file)))
        }
        let assets = Dictionary(index.assets.map { ($0.zipName, $0) }, uniquingKeysWith: { first, _ in first })
        for (key, recipes) in index.untiedKeys.sorted(by: { $0.key < $1.key }) where !matching.existingKeys.contains(key) {
            let users = recipes.sorted().compactMap { recipe in assets[recipe]?.links.map { (recipe, $0) } }
            let current = matching
            if let targetKey = users.lazy.compactMap({ tie(key, recipe: $0.0, links: $0.1, assets: assets, matching: current) }).first {
                matching.keyMap[key] = targetKey
                continue
            }
            for (recipe, links) in users {
                open.append(ImportPlan.Unresolved(
                    asset: landingPath(recipe), entry: recipe, jsonPath: links.providerKeys.first { $0.key == key }?.jsonPath ?? "$",
                    zipName: nil, providerKey: key, name: nil, type: AssetType.customAdapter,
                    meaning: "no custom connector of the package or the target is tied to this provider key (the connection that would name it is missing); the recipe's steps of that connector cannot run until one is"
                        + Self.untiedHint(key, keyless: index.keylessConnectors.map(\.title))))
            }
        }
        return open.sorted { ($0.asset, $0.jsonPath) < ($1.asset, $1.jsonPath) }
    }

    /// What to do about an untied key: the package's connectors that no key is tied to are its
    /// likely connector (renamed after the key was made), which the values file can tie.
    static func untiedHint(_ key: String, keyless: [String]) -> String {
        guard let title = keyless.first else { return "" }
        let named = keyless.map { "'\($0)'" }.joined(separator: ", ")
        return "; the package carries \(keyless.count == 1 ? "the custom connector" : "the custom connectors") \(named) that no recipe is tied to: if this key is \(keyless.count == 1 ? "its" : "one of theirs"), tie them in the values file (\"connectors\": {\"\(key)\": \"\(title)\"})"
    }

    /// The target file a reference of the package's entry `entry` finds, by the workspace's own
    /// rule: relative to the project the entry lands in, or from the root when its first segment
    /// names another project.
    private func targetPath(of reference: AssetReference, from entry: String) -> String? {
        try? scanner.resolveFile(reference, from: "\(landing.project)/\(entry)").get()
    }

    /// The target key of the connector that the recipe's connection for `key` names: the
    /// package's connection file, else the target's at the same path.
    private func tie(_ key: String, recipe: String, links: AssetLinks, assets: [String: PackageIndex.Asset], matching: ConnectorMatching) -> String? {
        guard let connection = links.connectionByProvider[key] else { return nil }
        let connectionLinks = assets[connection]?.links
            ?? targetPath(of: AssetReference(jsonPath: "$", zipName: connection), from: recipe).flatMap { try? scanner.links(of: $0) }
        let adapter = connectionLinks?.references.first { AssetType.of($0.zipName) == AssetType.customAdapter }
        return adapter?.name.flatMap { matching.targetKey(title: $0) }
    }

    /// What an open reference means for the asset holding it.
    static func meaning(of type: AssetType, in referrer: AssetType) -> String {
        switch (type, referrer) {
        case (AssetType.connection, AssetType.recipe):
            return "the recipe cannot be started until a connection is assigned (one must exist at that path)"
        case (AssetType.connection, _):
            return "the asset has no connection until one exists at that path"
        case (AssetType.recipe, AssetType.recipe):
            return "the step that calls this recipe fails at run time until a recipe exists at that path"
        case (AssetType.customAdapter, _):
            return "the connection cannot be authorised until a custom connector with that title is in the connector store"
        default:
            return "the reference stays open until an asset exists at that path"
        }
    }
}
