import Foundation
import RLCMFormat
/// How the package's connectors meet the store's: which store connector each carried one becomes
/// (matched by title, or created), and which target key each of the package's provider keys
/// becomes.
struct ConnectorMatching {
    var connectors: [ImportPlan.Connector] = []
    /// Package provider key → target provider key.
    var keyMap: [String: String] = [:]
    /// What the incoming code defines, by target key.
    var sources: [String: ConnectorSource] = [:]
    var newIdentities: [String: (id: Int, key: String)] = [:]
    var problems: [PlanProblem] = []
    /// The store files of matched connectors, which the plan depends on.
    var matchedStates: [String] = []
    /// The store's connectors before the import.
    var existing: [Connector] = []

    var existingKeys: Set<String> { Set(existing.map(\.providerKey)) }

    /// The title behind every target key the import may write: carried connectors and store ones.
    var titlesByTargetKey: [String: String] {
        var titles = Dictionary(existing.map { ($0.providerKey, $0.title) }, uniquingKeysWith: { first, _ in first })
        for connector in connectors { titles[connector.targetKey] = connector.title }
        return titles
    }

    /// The target key of the connector titled `title`, carried by the package or in the store.
    func targetKey(title: String) -> String? {
        connectors.first { $0.title == title }?.targetKey ?? existing.first { $0.title == title }?.providerKey
    }
}

extension ConnectorMatching {
    /// Matches every connector `index` carries by title with `existing`, the connectors of
    /// `store`, or chooses a fresh id and key for it (`newKeys`: title → the key a saved plan
    /// chose; `now` goes into a fresh key). With `reuseIdentical`, a matched connector whose
    /// released version has the package's code and note gets no new version: it is reused. With
    /// `diffs`, a matched connector carries the unified diff of its released code and the package's.
    static func match(_ index: PackageIndex, existing: [Connector], store: ConnectorStore, newKeys: [String: String], now: Date,
                      reuseIdentical: Bool = false, diffs: Bool = false) throws -> ConnectorMatching {
        var result = ConnectorMatching(existing: existing)
        var nextId = (existing.map(\.id).max() ?? ConnectorStore.firstId(for: store.workspace)) + 1
        var seenTitles = Set<String>()
        for carried in index.connectors {
            guard seenTitles.insert(carried.title).inserted else {
                result.problems.append(PlanProblem(.package, "the package carries two custom connectors titled '\(carried.title)'"))
                continue
            }
            guard let code = carried.code else {
                result.problems.append(PlanProblem(.connector, path: carried.codeEntry, "custom connector '\(carried.title)': the package has no '\(carried.codeEntry)'"))
                continue
            }
            let match = existing.first { $0.title == carried.title }
            // An installed connector takes versions only from its developer (`connector update`):
            // the package's is the installed one when its code is the installed version's, and
            // cannot be imported otherwise.
            let installed = match?.installedFrom != nil
            if let match, installed, match.released?.codeSHA256 != Hashing.sha256(code) {
                result.problems.append(PlanProblem(.connector, path: carried.zipName, ConnectorError.installedDiffers(
                    title: carried.title, installedVersion: match.releasedVersion ?? 0).description))
                continue
            }
            let key: String
            if let match {
                key = match.providerKey
                result.matchedStates.append("\(store.folder(match.id))/connector.json")
            } else {
                key = newKeys[carried.title] ?? ConnectorStore.providerKey(title: carried.title, id: nextId, now: now)
                result.newIdentities[carried.title] = (nextId, key)
                nextId += 1
            }
            let releasedCode = try match.flatMap { connector in
                try connector.isClosedInstall ? nil : connector.releasedVersion.map { try store.code(of: connector, version: $0) }
            }
            let packageKeys = index.connectorByKey.filter { $0.value == carried.base }.keys.sorted()
            for packageKey in packageKeys { result.keyMap[packageKey] = key }
            let incoming = String(decoding: code, as: UTF8.self)
            result.sources[key] = ConnectorSource(code: incoming)
            let reused = installed || reuseIdentical && releasedCode == code && match?.released.map { $0.note == carried.note } == true
            result.connectors.append(ImportPlan.Connector(
                title: carried.title, zipName: carried.zipName, action: match == nil ? .create : reused ? .reuse : .newVersion,
                packageVersionNo: carried.versionNo, note: carried.note, releasedBefore: match?.releasedVersion,
                newVersionNo: reused ? match?.releasedVersion ?? 0 : (match?.latestVersion ?? 0) + 1, targetKey: key, packageKeys: packageKeys,
                installed: installed ? true : nil, identicalToReleased: releasedCode.map { $0 == code },
                codeDiff: releasedCode.map { CodeDiffSummary(old: String(decoding: $0, as: UTF8.self), new: incoming) },
                unifiedDiff: diffs ? releasedCode.flatMap { code in
                    LineDiff.unified(old: String(decoding: code, as: UTF8.self), new: incoming,
                                     oldLabel: "a/\(carried.codeEntry) (released version \(match?.releasedVersion ?? 0))", newLabel: "b/\(carried.codeEntry) (package)")
                } : nil))
        }
        return result
    }
}
