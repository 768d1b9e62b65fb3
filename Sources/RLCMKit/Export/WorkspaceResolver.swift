import Dispatch
import Synchronization

/// Follows the references of a workspace's assets: `zip_name`s resolve against the referencing
/// asset's project (or, when their first segment names another project, the workspace root);
/// custom connectors resolve to the connector store, by title from a connection's `provider`
/// reference and by provider key from a recipe. Each asset is parsed at most once.
final class WorkspaceResolver {
    let workspace: Workspace
    private let projects: Set<String>
    private let connectorsByTitle: [String: Connector]
    private let connectorsByKey: [String: Connector]
    private var linksCache: [String: AssetLinks?] = [:]
    private var nameCache: [String: String] = [:]

    init(workspace: Workspace, connectors: [Connector]) throws {
        self.workspace = workspace
        self.projects = Set(try workspace.projects())
        self.connectorsByTitle = Dictionary(connectors.map { ($0.title, $0) }, uniquingKeysWith: { first, _ in first })
        self.connectorsByKey = Dictionary(connectors.map { ($0.providerKey, $0) }, uniquingKeysWith: { first, _ in first })
    }

    enum Target: Equatable {
        case file(String)
        case connector(String)
    }

    /// The links of the asset at `path`, or nil for files that are not JSON assets. A JSON asset
    /// that does not parse is an error naming the file and the place in it.
    func links(of path: String) throws -> AssetLinks? {
        if let cached = linksCache[path] { return cached }
        var links: AssetLinks?
        if AssetType.isJSONAsset(path) {
            let scan = try AssetLinks.scan(try FileSystem.read(workspace.path(path)), file: path)
            links = scan.links
            if let name = scan.name { nameCache[path] = name }
        }
        linksCache[path] = links
        return links
    }

    func name(of path: String) -> String? { nameCache[path] }

    /// Reads and parses `paths` on every core at once (parsing is most of an export's own work),
    /// filling the caches `links(of:)` reads from. Of several broken files, the first in path order
    /// is reported, as a sequential read would.
    func preload(_ paths: [String]) throws {
        let wanted = paths.filter { linksCache[$0] == nil && AssetType.isJSONAsset($0) }
        let results = Mutex([(path: String, links: AssetLinks, name: String?)]())
        let failure = Mutex<(index: Int, error: any Error)?>(nil)
        let workspace = self.workspace
        DispatchQueue.concurrentPerform(iterations: wanted.count) { index in
            let path = wanted[index]
            do {
                let scan = try AssetLinks.scan(try FileSystem.read(workspace.path(path)), file: path)
                results.withLock { $0.append((path, scan.links, scan.name)) }
            } catch {
                failure.withLock { if $0 == nil || $0!.index > index { $0 = (index, error) } }
            }
        }
        if let failure = failure.withLock({ $0 }) { throw failure.error }
        for result in results.withLock({ $0 }) {
            linksCache[result.path] = result.links
            if let name = result.name { nameCache[result.path] = name }
        }
    }

    /// Every file below `folder` (workspace-relative), hidden files and folders excepted, sorted.
    func files(below folder: String) throws -> [String] {
        var result: [String] = []
        func walk(_ relative: String) throws {
            for child in try FileSystem.listing(workspace.path(relative)) where !child.name.hasPrefix(".") {
                let path = relative.isEmpty ? child.name : "\(relative)/\(child.name)"
                switch child.kind {
                case .folder: try walk(path)
                case .file: result.append(path)
                case .other: continue
                }
            }
        }
        try walk(folder)
        return result
    }

    /// Where a reference made by the asset at `from` points, or why it points nowhere.
    func resolve(_ reference: AssetReference, from: String) -> Result<Target, UnresolvedReference> {
        func unresolved(_ reason: String) -> Result<Target, UnresolvedReference> {
            .failure(UnresolvedReference(file: from, jsonPath: reference.jsonPath, target: reference.zipName, reason: reason))
        }
        let zipName = reference.zipName
        guard reference.isWellFormed else { return unresolved(AssetReference.malformedReason) }
        let segments = zipName.split(separator: "/")
        if AssetType.of(zipName) == AssetType.customAdapter {
            guard let title = reference.name, let connector = connectorsByTitle[title] else {
                return unresolved("no custom connector titled '\(reference.name ?? "")' in the connector store for")
            }
            return .success(.connector(connector.title))
        }
        let project = String(from.split(separator: "/").first ?? "")
        let local = "\(project)/\(zipName)"
        if FileSystem.isRegularFile(workspace.path(local)) { return .success(.file(local)) }
        if let first = segments.first, projects.contains(String(first)), FileSystem.isRegularFile(workspace.path(zipName)) {
            return .success(.file(zipName))
        }
        return unresolved("no such asset:")
    }

    func connector(key: String) -> Connector? { connectorsByKey[key] }
    func connector(title: String) -> Connector? { connectorsByTitle[title] }

    /// A folder that can be exported, in canonical form, and the project it lies in.
    func exportable(folder: String) throws -> (folder: String, project: String) {
        let folder = folder.split(separator: "/").joined(separator: "/")
        guard !folder.isEmpty, !folder.hasPrefix("."), FileSystem.isDirectory(workspace.path(folder)) else {
            throw ExportError.folderNotFound(folder)
        }
        let project = String(folder.split(separator: "/")[0])
        guard projects.contains(project) else { throw ExportError.notInsideProject(folder) }
        return (folder, project)
    }

    /// The folder's files, which every export of it packs; never empty.
    func roots(folder: String) throws -> [String] {
        let roots = try files(below: folder)
        guard !roots.isEmpty else { throw ExportError.emptySelection("'\(folder)'") }
        return roots
    }

    /// The folder's assets plus everything they reach, transitively.
    func selection(folder: String) throws -> ExportSelection {
        let (folder, project) = try exportable(folder: folder)
        let roots = try roots(folder: folder)
        try preload(roots)

        var dependency: [String: Bool] = [:]
        var queue: [String] = []
        for path in roots where dependency[path] == nil { dependency[path] = false; queue.append(path) }
        var connectorUsers: [String: Set<String>] = [:]
        var connectorBase: [String: String] = [:]
        var unresolved: [UnresolvedReference] = []
        var edges: [DependencyGraph.Edge] = []
        var next = 0
        while next < queue.count {
            let path = queue[next]
            next += 1
            guard let links = try links(of: path) else { continue }
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
                    edges.append(.init(from: path, to: DependencyGraph.connectorNode(title), jsonPath: reference.jsonPath))
                case .failure(let problem):
                    unresolved.append(problem)
                }
            }
            for use in links.providerKeys {
                if let connector = connector(key: use.key) {
                    useConnector(connector.title, base: nil)
                    edges.append(.init(from: path, to: DependencyGraph.connectorNode(connector.title), jsonPath: use.jsonPath))
                } else {
                    let more = use.uses > 1 ? " (used here and in \(use.uses - 1) more place\(use.uses > 2 ? "s" : ""))" : ""
                    unresolved.append(UnresolvedReference(file: path, jsonPath: use.jsonPath, target: use.key,
                                                          reason: "no custom connector in the connector store has the provider key\(more)"))
                }
            }
        }

        let files = dependency.keys.sorted().map { path in
            ExportSelection.File(path: path, zipName: Self.zipName(of: path, project: project), type: AssetType.of(path),
                                 name: name(of: path), dependency: dependency[path] ?? true)
        }
        let connectors = connectorUsers.keys.sorted().map { title in
            ExportSelection.ConnectorUse(title: title, zipBase: connectorBase[title] ?? Connector.slug(title),
                                         usedBy: connectorUsers[title, default: []].sorted())
        }
        return ExportSelection(project: project, folder: folder, files: files, connectors: connectors,
                               unresolved: unresolved.sorted { ($0.file, $0.jsonPath) < ($1.file, $1.jsonPath) },
                               edges: DependencyGraph.Edge.unique(edges))
    }

    /// A file's entry name in a package rooted at `project`.
    static func zipName(of path: String, project: String) -> String {
        path.hasPrefix("\(project)/") ? String(path.dropFirst(project.count + 1)) : path
    }
}
