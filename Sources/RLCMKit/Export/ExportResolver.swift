import Foundation
import RLCMFormat
/// Follows the references of a workspace's assets to everything an export packs: files through
/// the workspace scanner, custom connectors to the connector store, by title from a connection's
/// `provider` reference and by provider key from a recipe.
final class ExportResolver {
    let scanner: WorkspaceScanner
    private let connectorsByTitle: [String: Connector]
    private let connectorsByKey: [String: Connector]

    var workspace: Workspace { scanner.workspace }

    init(workspace: Workspace, connectors: [Connector]) throws {
        self.scanner = try WorkspaceScanner(workspace: workspace)
        self.connectorsByTitle = Dictionary(connectors.map { ($0.title, $0) }, uniquingKeysWith: { first, _ in first })
        self.connectorsByKey = Dictionary(connectors.map { ($0.providerKey, $0) }, uniquingKeysWith: { first, _ in first })
    }

    enum Target: Equatable {
        case file(String)
        case connector(String)
    }

    /// Where a reference made by the asset at `from` points, or why it points nowhere.
    func resolve(_ reference: AssetReference, from: String) -> Result<Target, UnresolvedReference> {
        guard AssetType.of(reference.zipName) == AssetType.customAdapter, reference.isWellFormed else {
            return scanner.resolveFile(reference, from: from).map(Target.file)
        }
        guard let title = reference.name, let connector = connectorsByTitle[title] else {
            return .failure(UnresolvedReference(file: from, jsonPath: reference.jsonPath, target: reference.zipName,
                                                reason: "no custom connector titled '\(reference.name ?? "")' in the connector store for"))
        }
        return .success(.connector(connector.title))
    }

    func connector(key: String) -> Connector? { connectorsByKey[key] }
    func connector(title: String) -> Connector? { connectorsByTitle[title] }

    /// A folder that can be exported, in canonical form, and the project it lies in.
    func exportable(folder: String) throws -> (folder: String, project: String) {
        let folder = folder.split(separator: "/").joined(separator: "/")
        guard !folder.isEmpty, !folder.hasPrefix("."), FileSystem.isDirectory(workspace.path(folder)) else {
            throw ExportError.folderNotFound(folder, projects: scanner.projects.sorted())
        }
        let project = String(folder.split(separator: "/")[0])
        guard scanner.projects.contains(project) else { throw ExportError.notInsideProject(folder) }
        return (folder, project)
    }

    /// The folder's files, which every export of it packs; never empty.
    func roots(folder: String) throws -> [String] {
        let roots = try scanner.files(below: folder).filter { !Self.isLeftOut($0) }
        guard !roots.isEmpty else { throw ExportError.emptySelection("'\(folder)'") }
        return roots
    }

    /// A zip that is no asset (a package written into the folder, the official client's download
    /// of the project): never packed into a package, with a note saying so. A zip of an asset's
    /// (`<name>.lcap_page.zip`) names the asset's type.
    static func isLeftOut(_ path: String) -> Bool {
        guard path.lowercased().hasSuffix(".zip") else { return false }
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return !AssetType.listed.contains(AssetType((stem as NSString).pathExtension))
    }

    /// The folder's assets plus everything they reach, transitively. `sparingOneCore`: the
    /// caller deflates on another thread meanwhile.
    func selection(folder: String, sparingOneCore: Bool = false) throws -> ExportSelection {
        let (folder, project) = try exportable(folder: folder)
        let roots = try roots(folder: folder)
        try scanner.preload(roots, sparingOneCore: sparingOneCore)

        var dependency: [String: Bool] = [:]
        var queue: [String] = []
        for path in roots where dependency[path] == nil { dependency[path] = false; queue.append(path) }
        var connectorUsers: [String: Set<String>] = [:]
        var connectorBase: [String: String] = [:]
        var unresolved: [UnresolvedReference] = []
        var edges: [DependencyEdge] = []
        var next = 0
        while next < queue.count {
            let path = queue[next]
            next += 1
            guard let links = try scanner.links(of: path) else { continue }
            func useConnector(_ title: String, base: String?) {
                connectorUsers[title, default: []].insert(path)
                if let base, connectorBase[title] == nil { connectorBase[title] = base }
            }
            for reference in links.references {
                switch resolve(reference, from: path) {
                case .success(.file(let target)):
                    if dependency[target] == nil { dependency[target] = true; queue.append(target) }
                    edges.append(.init(from: path, to: target, jsonPath: reference.jsonPath))
                case .success(.connector(let title)):
                    useConnector(title, base: AssetType.connectorBase(reference.zipName))
                    edges.append(.init(from: path, to: DependencyEdge.connectorNode(title), jsonPath: reference.jsonPath))
                case .failure(let problem):
                    unresolved.append(problem)
                }
            }
            for use in links.providerKeys {
                if let connector = connector(key: use.key) {
                    useConnector(connector.title, base: nil)
                    edges.append(.init(from: path, to: DependencyEdge.connectorNode(connector.title), jsonPath: use.jsonPath))
                } else {
                    let more = use.uses > 1 ? " (used here and in \(use.uses - 1) more place\(use.uses > 2 ? "s" : ""))" : ""
                    unresolved.append(UnresolvedReference(file: path, jsonPath: use.jsonPath, target: use.key,
                                                          reason: "no custom connector in the connector store has the provider key\(more)"))
                }
            }
        }

        var files = dependency.keys.sorted().map { path in
            ExportSelection.File(path: path, zipName: Self.zipName(of: path, project: project), type: AssetType.of(path),
                                 name: scanner.name(of: path), dependency: dependency[path] ?? true)
        }
        // The account's properties are the workspace's: a package carries their names at its root.
        let account = PropertyStore.accountFile
        if FileSystem.isRegularFile(workspace.path(account)) && !files.contains(where: { $0.zipName == account }) {
            files.append(.init(path: account, zipName: account, type: AssetType.of(account), name: nil, dependency: true))
        }
        let connectors = connectorUsers.keys.sorted().map { title in
            ExportSelection.ConnectorUse(title: title, zipBase: connectorBase[title] ?? Connector.slug(title),
                                         usedBy: connectorUsers[title, default: []].sorted())
        }
        var selection = ExportSelection(project: project, folder: folder, files: files, connectors: connectors,
                                        unresolved: unresolved.sorted { ($0.file, $0.jsonPath) < ($1.file, $1.jsonPath) },
                                        edges: DependencyEdge.unique(edges))
        selection.leftOut = try scanner.files(below: folder).filter(Self.isLeftOut)
        return selection
    }

    /// A file's entry name in a package rooted at `project`.
    static func zipName(of path: String, project: String) -> String {
        path.hasPrefix("\(project)/") ? String(path.dropFirst(project.count + 1)) : path
    }
}
