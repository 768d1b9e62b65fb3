import RLCMKit

/// `rlcm inspect` as people read it.
extension InspectReport: WholeTextRendering {
    package var text: String {
        var lines = ["Package \(package)", "  sha256 \(sha256)", "  \(fileCount) files", "", "Assets:"]
        lines += TextTable.render(header: ["TYPE", "ENTRY", "NAME"], rows: assets.map { [$0.type.rawValue, $0.zipName, $0.name ?? ""] })
            .split(separator: "\n").map { "  \($0)" }
        lines += ["", "Dependencies:"]
        lines += dependencies.isEmpty ? ["  (none)"] : dependencies.map { "  \($0.from) -> \($0.to)  (\($0.jsonPath))" }
        lines += ["", "Custom connectors:"]
        if connectors.isEmpty { lines.append("  (none)") }
        for connector in connectors {
            lines.append("  \(connector.title)  \(connector.versionNo.map { "version \($0)" } ?? "no version")  \(connector.zipName)")
            lines.append("    note: \(connector.note ?? "(none)")")
            if !connector.providerKeys.isEmpty { lines.append("    provider keys: \(connector.providerKeys.joined(separator: ", "))") }
            lines.append("    actions: \(connector.actions.isEmpty ? "(none)" : connector.actions.joined(separator: ", "))")
            lines.append("    triggers: \(connector.triggers.isEmpty ? "(none)" : connector.triggers.joined(separator: ", "))")
        }
        if !outsideReferences.isEmpty {
            lines += ["", "References outside the package (an import resolves them in the target; what resolves nowhere is a warning):"]
            lines += outsideReferences.map { reference in
                let target = reference.zipName.map { "\($0) (\(reference.type))" } ?? "provider key \(reference.providerKey ?? "") (no connection of the package ties it to a connector)"
                return "  \(reference.entry) \(reference.jsonPath) -> \(target)"
            }
        }
        lines += properties
        lines += PlanText.unplaced(unplaced, strict: false)
        lines += ["", problems.isEmpty ? "No problems." : "Problems:"]
        lines += problems.map { "  \($0)" }
        return lines.joined(separator: "\n")
    }

    /// What the recipes read and the property files declare; nothing when the package has neither.
    private var properties: [String] {
        guard !propertiesRead.isEmpty || !propertiesDeclared.isEmpty else { return [] }
        var lines = ["", "Properties the recipes read (values are not in packages: the target must have them):"]
        if propertiesRead.isEmpty { lines.append("  (none)") }
        for property in propertiesRead {
            lines.append("  \(property.type.rawValue) '\(property.name)'")
            lines += property.readers.map { "    \($0.entry) \($0.jsonPath)" }
        }
        lines += ["", "Properties the package declares:"]
        lines += propertiesDeclared.isEmpty ? ["  (none)"] : propertiesDeclared.map { "  \($0.type.rawValue) '\($0.name)'  (\($0.entry))" }
        return lines
    }
}
