import RLCMKit

/// `rlcm inspect` as people read it, written a line at a time: a package of thousands of recipes
/// lists as many dependencies and property readers, whose lines need not be held at once (they
/// were the peak of inspecting a 2,500-recipe package).
extension InspectReport: TextRendering {
    package func writeText(to output: inout some TextOutputStream) {
        var lines = Lines(output: output)
        defer { output = lines.output }
        lines.add(["Package \(package)", "  sha256 \(sha256)", "  \(fileCount) files", "", "Assets:"])
        for row in TextTable.lines(header: ["TYPE", "ENTRY", "NAME"], rows: assets.map { [$0.type.rawValue, $0.zipName, $0.name ?? ""] }) {
            lines.add("  \(row)")
        }
        lines.add(["", "Dependencies:"])
        if dependencies.isEmpty { lines.add("  (none)") }
        for dependency in dependencies { lines.add("  \(dependency.from) -> \(dependency.to)  (\(dependency.jsonPath))") }
        lines.add(["", "Custom connectors:"])
        if connectors.isEmpty { lines.add("  (none)") }
        for connector in connectors {
            lines.add("  \(connector.title)  \(connector.versionNo.map { "version \($0)" } ?? "no version")  \(connector.zipName)")
            lines.add("    note: \(connector.note ?? "(none)")")
            if !connector.providerKeys.isEmpty { lines.add("    provider keys: \(connector.providerKeys.joined(separator: ", "))") }
            lines.add("    actions: \(connector.actions.isEmpty ? "(none)" : connector.actions.joined(separator: ", "))")
            lines.add("    triggers: \(connector.triggers.isEmpty ? "(none)" : connector.triggers.joined(separator: ", "))")
        }
        if !outsideReferences.isEmpty {
            lines.add(["", "References outside the package (an import resolves them in the target; what resolves nowhere is a warning):"])
            for reference in outsideReferences {
                let target = reference.zipName.map { "\($0) (\(reference.type))" } ?? "provider key \(reference.providerKey ?? "") (no connection of the package ties it to a connector)"
                lines.add("  \(reference.entry) \(reference.jsonPath) -> \(target)")
            }
        }
        writeProperties(to: &lines)
        lines.add(PlanText.unplaced(unplaced, strict: false))
        lines.add(["", problems.isEmpty ? "No problems." : "Problems:"])
        for problem in problems { lines.add("  \(problem)") }
    }

    /// What the recipes read and the property files declare; nothing when the package has neither.
    private func writeProperties<Output: TextOutputStream>(to lines: inout Lines<Output>) {
        guard !propertiesRead.isEmpty || !propertiesDeclared.isEmpty else { return }
        lines.add(["", "Properties the recipes read (values are not in packages: the target must have them):"])
        if propertiesRead.isEmpty { lines.add("  (none)") }
        for property in propertiesRead {
            lines.add("  \(property.type.rawValue) '\(property.name)'")
            for reader in property.readers { lines.add("    \(reader.entry) \(reader.jsonPath)") }
        }
        lines.add(["", "Properties the package declares:"])
        if propertiesDeclared.isEmpty { lines.add("  (none)") }
        for declared in propertiesDeclared { lines.add("  \(declared.type.rawValue) '\(declared.name)'  (\(declared.entry))") }
    }
}

/// Lines written to a text stream, a newline between each and the next (`emit` ends the last).
private struct Lines<Output: TextOutputStream> {
    var output: Output
    private var first = true

    init(output: Output) { self.output = output }

    mutating func add(_ line: String) {
        if !first { output.write("\n") }
        output.write(line)
        first = false
    }

    mutating func add(_ lines: [String]) { lines.forEach { add($0) } }
}
