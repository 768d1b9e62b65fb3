import RLCMFormat

/// The values file's connector ties, as the planner applies them. A provider key names its
/// connector through a connection of the package or through its slug (both come from the
/// connector's title); a connector renamed after its key was made is named by neither, and the
/// values file says which it is: `"connectors": {"<provider key>": "<connector title>"}`. The
/// title names a connector the package carries (the key is then that connector's, rewritten on
/// import like its other keys) or, failing that, one of the target's. A tie that names no key
/// of the package's recipes, no such connector, or a key already tied to another is a problem.
struct ConnectorTies {
    /// Keys tied to the target's own connectors: package key → target key.
    var targetKeys: [String: String] = [:]
    var problems: [PlanProblem] = []

    /// Ties the keys of `values` in `index`, against `existing`, the target's connectors.
    init(_ values: Values?, index: inout PackageIndex, existing: [Connector]) {
        var targetKeys: [String: String] = [:], problems: [PlanProblem] = []
        for (key, title) in (values?.connectors ?? [:]).sorted(by: { $0.key < $1.key }) {
            func problem(_ text: String) { problems.append(PlanProblem(.connectorTie, "connector tie '\(key)' -> '\(title)': \(text)")) }
            let tiedTo = index.connectorByKey[key].flatMap { index.connector(base: $0) }
            guard tiedTo != nil || index.untiedKeys[key] != nil else {
                problem("no recipe of the package uses this provider key")
                continue
            }
            let carried = index.connectors.filter { $0.title == title }
            if let tiedTo, carried.first?.base != tiedTo.base {
                problem("the package already ties this key to its connector '\(tiedTo.title)'")
            } else if let connector = carried.first {
                index.tie(key, to: connector.base)
            } else if let connector = existing.first(where: { $0.title == title }) {
                index.tie(key, to: nil)
                targetKeys[key] = connector.providerKey
            } else {
                let known = index.connectors.map { "'\($0.title)'" }
                problem("neither the package (\(known.isEmpty ? "which carries no custom connector" : "which carries " + known.joined(separator: ", "))) nor the target has a custom connector titled '\(title)'")
            }
        }
        self.targetKeys = targetKeys
        self.problems = problems
    }

    /// For an import whose target ties keys by its own rules (a remote, whose import knows no
    /// values file): the key each tie of `values` becomes in the package sent, so that it ties
    /// there as here. A key tied to a connector the target has becomes that connector's key; one
    /// tied to a connector new to the target becomes a key whose slug names it, which the target
    /// ties by slug, `<slug>_connector_` and the rest of the key kept. When the slug would name
    /// more than one of the package's connectors the tie cannot be sent, and is refused.
    static func keysToSend(_ values: Values?, package: String, existing: [Connector]) throws -> [String: String] {
        guard let ties = values?.connectors, !ties.isEmpty else { return [:] }
        let original = try PackageIndex(file: package)
        var index = original
        let applied = ConnectorTies(values, index: &index, existing: existing)
        var keys = applied.targetKeys
        for (key, title) in ties.sorted(by: { $0.key < $1.key }) where original.untiedKeys[key] != nil && keys[key] == nil {
            guard let connector = index.connectorByKey[key].flatMap({ index.connector(base: $0) }) else { continue }
            if let same = existing.first(where: { $0.title == connector.title }) {
                keys[key] = same.providerKey
                continue
            }
            let slug = Connector.slug(title)
            let named = index.connectors.filter { PackageIndex.names(slug: slug, $0) }
            guard named.count == 1, let marker = key.range(of: "_connector_", options: .backwards) else {
                throw ImportError.tieNotSendable(key: key, title: title, slug: slug)
            }
            keys[key] = slug + key[marker.lowerBound...]
        }
        return keys
    }
}
