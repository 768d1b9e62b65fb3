import RLCMFormat

/// Walks a workspace and reads its assets' links, each asset at most once: `zip_name`s resolve
/// against the referring asset's project, or, when their first segment names another project,
/// against the workspace root. Custom connectors are not files of the tree; resolving them is
/// the connector store's business (`ExportResolver`).
final class WorkspaceScanner {
    let workspace: Workspace
    let projects: Set<String>
    private var linksCache: [String: AssetLinks?] = [:]
    private var nameCache: [String: String] = [:]
    /// The strings the workspace's assets repeat, and the paths their references resolve to, once.
    private let strings = StringPool()

    init(workspace: Workspace) throws {
        self.workspace = workspace
        self.projects = Set(try workspace.projects())
    }

    /// The links of the asset at `path`, or nil for files that are not JSON assets. A JSON asset
    /// that does not parse is an error naming the file and the place in it.
    func links(of path: String) throws -> AssetLinks? {
        if let cached = linksCache[path] { return cached }
        var links: AssetLinks?
        if AssetType.isJSONAsset(path) {
            let scan = try AssetLinks.scan(try FileSystem.read(workspace.path(path)), file: path, strings: strings)
            links = scan.links
            if let name = scan.name { nameCache[path] = name }
        }
        linksCache[path] = links
        return links
    }

    func name(of path: String) -> String? { nameCache[path] }

    /// Reads and parses `paths` on every core at once (parsing is most of an export's own work),
    /// filling the caches `links(of:)` reads from. Of several broken files, the first in path order
    /// is reported, as a sequential read would. `sparingOneCore`: another thread is busy meanwhile
    /// (an export deflating), and would lose a third of its core to a third thread.
    func preload(_ paths: [String], sparingOneCore: Bool = false) throws {
        let wanted = paths.filter { linksCache[$0] == nil && AssetType.isJSONAsset($0) }
        let (workspace, strings) = (self.workspace, self.strings)
        let scans = try wanted.concurrentResults(sparingOneCore: sparingOneCore) { path in
            try AssetLinks.scan(try FileSystem.read(workspace.path(path)), file: path, strings: strings)
        }
            .map { try $0.get() }
        for (path, scan) in zip(wanted, scans) {
            linksCache[path] = scan.links
            if let name = scan.name { nameCache[path] = name }
        }
    }

    /// Every file below `folder` (workspace-relative), hidden files and folders excepted, sorted;
    /// with `folders`, each folder too, before what it holds.
    func files(below folder: String, folders: Bool = false) throws -> [String] {
        var result: [String] = []
        func walk(_ relative: String) throws {
            for child in try Self.entries(of: workspace.path(relative)) {
                let path = relative.isEmpty ? child.name : "\(relative)/\(child.name)"
                if child.isFolder {
                    if folders { result.append(path) }
                    try walk(path)
                } else {
                    result.append(path)
                }
            }
        }
        try walk(folder)
        return result
    }

    /// What of a folder (an absolute path) belongs to the workspace, sorted by name: its files and
    /// folders, hidden ones (`.rlcm`, `.git`) and links excepted.
    static func entries(of folder: String) throws -> [WorkspaceCatalog.Entry] {
        try FileSystem.listing(folder).compactMap { child in
            guard !child.name.hasPrefix("."), child.kind != .other else { return nil }
            return WorkspaceCatalog.Entry(name: child.name, isFolder: child.kind == .folder)
        }
    }

    /// The workspace file a reference made by the asset at `from` finds, or why it finds none.
    func resolveFile(_ reference: AssetReference, from: String) -> Result<String, UnresolvedReference> {
        func unresolved(_ reason: String) -> Result<String, UnresolvedReference> {
            .failure(UnresolvedReference(file: from, jsonPath: reference.jsonPath, target: reference.zipName, reason: reason))
        }
        let zipName = reference.zipName
        guard reference.isWellFormed else { return unresolved(AssetReference.malformedReason) }
        let project = String(from.split(separator: "/").first ?? "")
        let local = "\(project)/\(zipName)"
        if FileSystem.isRegularFile(workspace.path(local)) { return .success(strings.intern(local)) }
        if let first = zipName.split(separator: "/").first, projects.contains(String(first)), FileSystem.isRegularFile(workspace.path(zipName)) {
            return .success(zipName)
        }
        return unresolved("no such asset:")
    }
}
