import Foundation
import RLCMFormat

extension WorkspaceSession {
    /// `connector push`: a new connector (version 1) or a new latest version, unreleased unless `release`.
    public func pushConnector(title: String, codeFile: String, note: String?, descriptionFile: String?, logoFile: String?,
                              release: Bool) throws -> ConnectorChangeReport {
        let description: String?? = try descriptionFile.map { .some(String(decoding: try FileSystem.read($0), as: UTF8.self)) }
        let logo = try logoFile.map { try ConnectorStore.Logo(fileName: ($0 as NSString).lastPathComponent, bytes: try FileSystem.read($0)) }
        return try pushConnector(title: title, code: try FileSystem.read(codeFile), note: note, description: description, logo: logo, release: release)
    }

    /// The same with the code, description and logo given as values (as the Developer API sends them).
    /// `description`: nil keeps the connector's, `.some(nil)` clears it.
    public func pushConnector(title: String, code: [UInt8], note: String?, description: String??, logo: ConnectorStore.Logo?,
                              release: Bool) throws -> ConnectorChangeReport {
        let transaction = try transaction()
        let (connector, created) = try connectors.addVersion(title: title, code: code, note: note, description: description, logo: logo,
                                                  release: release, now: environment.now, in: transaction)
        try transaction.commit()
        return ConnectorChangeReport(action: created ? .created : .versionAdded, title: connector.title, providerKey: connector.providerKey,
                                     versionNo: connector.latestVersion, releasedVersion: connector.releasedVersion, latestVersion: connector.latestVersion)
    }

    /// `connector release`: releases the latest version, changing what every recipe using it runs.
    public func releaseConnector(title: String) throws -> ConnectorChangeReport {
        let transaction = try transaction()
        let connector = try connectors.releaseLatest(title: title, in: transaction)
        try transaction.commit()
        return ConnectorChangeReport(action: .released, title: connector.title, providerKey: connector.providerKey,
                                     versionNo: connector.latestVersion, releasedVersion: connector.releasedVersion, latestVersion: connector.latestVersion)
    }

    public func listConnectors() throws -> ConnectorListReport {
        ConnectorListReport(connectors: try connectors.all().map {
            .init(title: $0.title, providerKey: $0.providerKey, releasedVersion: $0.releasedVersion, latestVersion: $0.latestVersion)
        })
    }

    public func showConnector(title: String) throws -> ConnectorDetailReport {
        let connector = try connectors.connector(titled: title)
        let states = try recipeStates()
        let users = try WorkspaceScanner(workspace: workspace).recipes(usingKeys: [connector.providerKey], environment: environment)
        return ConnectorDetailReport(
            title: connector.title, providerKey: connector.providerKey, description: connector.description,
            logoFileName: connector.logoFileName, releasedVersion: connector.releasedVersion, latestVersion: connector.latestVersion,
            sharedVersion: connector.sharedVersion, visibility: connector.installedFrom?.visibility ?? connector.visibility,
            uid: connector.uid, installedFrom: connector.installedFrom,
            versions: connector.versions.map {
                .init(versionNo: $0.versionNo, note: $0.note, createdAt: $0.createdAt, released: $0.versionNo == connector.releasedVersion,
                      latest: $0.versionNo == connector.latestVersion, shared: $0.versionNo == connector.sharedVersion, source: $0.source)
            },
            recipes: (users[connector.providerKey] ?? []).map { .init(path: $0.path, running: states.isRunning($0.path)) })
    }
}

extension WorkspaceScanner {
    /// A recipe that uses a key: the steps through which it does, and its stat stamp
    /// (`size:mtime_ns:ctime_ns:inode`), by which a plan fingerprints it without reading it.
    typealias KeyUser = (path: String, steps: [StepUse], stamp: String)

    /// The workspace's recipes that use any of `keys`, with the steps through which they use each.
    /// `excluding` names recipes not to read at all (those an import is about to overwrite). A
    /// recipe is read only when the usage cache has nothing current for it, and parsed only when
    /// its bytes mention a custom connector key at all. The cache is the one of `environment`.
    func recipes(usingKeys keys: Set<String>, excluding: Set<String> = [], environment: RunEnvironment) throws -> [String: [KeyUser]] {
        var cache = RecipeUsageCache(workspace: workspace, environment: environment)
        var result: [String: [KeyUser]] = [:]
        try forEachRecipe(usingKeys: keys, excluding: excluding, cache: &cache) { key, user in result[key, default: []].append(user) }
        cache.save()
        return result
    }

    /// The same one use at a time, through a cache the caller saves (an import adds what it wrote
    /// before saving): a workspace of 50,000 recipes has tens of thousands of such uses, and the
    /// plan keeps only what it reports of each, not its steps. Recipes are visited in path order,
    /// a project at a time; those the cache cannot answer for are read on every core first.
    func forEachRecipe(usingKeys keys: Set<String>, excluding: Set<String>, cache: inout RecipeUsageCache,
                       _ body: (_ key: String, _ user: KeyUser) throws -> Void) throws {
        let wanted = Set(keys.map { Substring($0) })
        for project in try workspace.projects() {
            var recipes: [(path: String, stamp: FileSystem.Stamp, cached: RecipeUsageCache.Usage?)] = []
            for path in try files(below: project) where AssetType.of(path) == AssetType.recipe {
                if excluding.contains(path) {
                    cache.keep(path)
                } else if let stamp = FileSystem.stamp(workspace.path(path)) {
                    recipes.append((path, stamp, cache.cachedUsage(of: path, stamp: stamp, wanted: wanted)))
                }
            }
            let read = try usages(of: recipes.filter { $0.cached == nil }.map(\.path))
            for recipe in recipes {
                let usage = try recipe.cached ?? cache.usage(of: recipe.path, stamp: recipe.stamp, wanted: wanted, read: read[recipe.path]!.get())
                let stamp = usage.stamp.text
                for use in usage.uses { try body(use.key, (recipe.path, use.steps, stamp)) }
            }
        }
    }

    /// What each recipe at `paths` uses, read and parsed on every core at once (on a cold cache
    /// this is nearly all of a dependency report). A recipe that does not parse is its error,
    /// thrown when the visit in path order reaches it, as a sequential read would.
    private func usages(of paths: [String]) throws -> [String: Result<RecipeUsageCache.Entry, any Error>] {
        let (workspace, strings) = (self.workspace, StringPool())
        let entries = paths.concurrentResults { path -> RecipeUsageCache.Entry in
            let bytes = try FileSystem.read(workspace.path(path))
            guard ByteSearch.contains(bytes, RecipeUsageCache.connectorMarker) else { return .init(keys: [], steps: []) }
            let links = try AssetLinks.scan(bytes, file: path, strings: strings).links
            return .init(keys: Set(links.providerKeys.map(\.key)).sorted(), steps: links.steps)
        }
        return Dictionary(uniqueKeysWithValues: zip(paths, entries))
    }
}
