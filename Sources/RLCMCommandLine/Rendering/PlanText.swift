import Foundation
import RLCMFormat
import RLCMKit

/// The human form of a plan and of an import's result: one symbol per row, readable in a terminal
/// and a CI log (`+` create, `~` update, `=` unchanged, `-` keep, `x` remove, `!` overwrite of a
/// running recipe or a connector change that breaks a recipe). What the target has and the
/// package does not is a section of its own (`-` removed by `--prune`, `?` kept, `=` never
/// removed). A rollback's plan reads the same, headed by what it undoes.
enum PlanText {
    /// The text, written a section at a time: the dependents a line at a time, as they are read.
    static func write(_ plan: ImportPlan, past: Bool, to output: inout some TextOutputStream) {
        var lines = heading(plan, past: past)
        lines += assets(plan, past: past)
        lines += notInPackage(plan, past: past)
        lines += connectors(plan, past: past)
        lines += diffs(plan)
        output.write(lines.joined(separator: "\n"))
        writeDependents(plan, to: &output)
        lines = properties(plan, past: past) + unresolved(plan, past: past) + unplaced(plan.unplaced ?? [], strict: plan.strict)
            + (plan.suspicions.map { ["", "About the package (warnings):"] + $0.map { "  ? \($0)" } } ?? [])
        if !plan.problems.isEmpty {
            lines += ["", "Problems (the \(plan.rollback == nil ? "import" : "rollback") is blocked):"]
            lines += plan.problems.map { "  x \($0)" }
        }
        lines += ["", summaryLine(plan, past: past)]
        for line in lines { output.write("\n\(line)") }
    }

    private static func heading(_ plan: ImportPlan, past: Bool) -> [String] {
        if let rollback = plan.rollback {
            let undone = rollback.undoesKind == .rollback ? "rollback" : "import"
            return [(past ? "Rolled back \(undone) " : "Plan: roll back \(undone) ") + "\(rollback.undoes) (\(plan.package) into '\(plan.project)')"
                    + (rollback.force ? ", forced" : ""),
                    "  package sha256 \(plan.packageSHA256)"]
        }
        let remote = plan.target.map { " on remote '\($0.remote)' (\($0.url))" } ?? ""
        return [past ? "Imported \(plan.package) into '\(plan.project)'\(remote)" : "Plan: import \(plan.package) into '\(plan.project)'\(remote)",
                "  package sha256 \(plan.packageSHA256)"]
    }

    private static func assets(_ plan: ImportPlan, past: Bool) -> [String] {
        let rows = plan.assets.map { asset -> [String] in
            let (symbol, verb) = plan.rollback == nil ? importAction(asset, past: past) : rollbackAction(asset, past: past)
            var detail = verb
            if asset.running && (asset.action == .update || asset.action == .remove) {
                let what = plan.rollback == nil ? "import" : "rollback"
                let change = asset.action == .remove ? "stopped" : "stopped, \(plan.rollback == nil ? "updated" : "put back"), started again"
                detail += past ? ", running: \(change)" : (plan.restartRecipes ? ", running: will be \(change)" : ", RUNNING: blocks the \(what)")
            }
            if asset.keyRewrites > 0 { detail += ", \(asset.keyRewrites) provider key\(asset.keyRewrites == 1 ? "" : "s") rewritten" }
            return [symbol, asset.path, asset.type.rawValue, detail]
        }
        guard !rows.isEmpty else { return ["", "Assets:", "  (none)"] }
        var lines = ["", "Assets:"]
        let table = TextTable.lines(header: ["", "PATH", "TYPE", "ACTION"], rows: rows).dropFirst()
        for (asset, row) in zip(plan.assets, table) {
            lines.append("  \(row)")
            if plan.diffs == nil, let changes = asset.changedPaths { lines += changeLines(changes) }
        }
        return lines
    }

    /// The target's assets the package does not carry: `-` removed by `--prune` (a running recipe
    /// stopped first), `?` left in place without it, `=` never removed (connections, properties);
    /// a recipe the import likely renamed says to what.
    private static func notInPackage(_ plan: ImportPlan, past: Bool) -> [String] {
        guard let leftovers = plan.notInPackage else { return [] }
        let heading = plan.prune == true ? "In the target, not in the package (--prune removes them):"
                                         : "In the target, not in the package (kept; --prune would remove them):"
        let rows = leftovers.map { leftover -> [String] in
            var detail: String, symbol: String
            switch leftover.action {
            case .remove:
                (symbol, detail) = ("-", past ? "removed" : "remove")
                if leftover.running { detail += past ? ", running: stopped" : plan.restartRecipes ? ", running: will be stopped" : ", RUNNING: blocks the import" }
            case .keep where AssetType.keptWhenPresent.contains(leftover.type):
                (symbol, detail) = ("=", "keep (an import never removes connections or properties)")
            case .keep:
                (symbol, detail) = ("?", past ? "kept" : "keep")
                if leftover.running { detail += ", running" }
            }
            if let renamed = leftover.likelyRenamedTo { detail += "; likely renamed to \(renamed) (same \(leftover.renamedBy ?? "name"))" }
            return [symbol, leftover.path, leftover.type.rawValue, detail]
        }
        return ["", heading] + TextTable.lines(header: ["", "PATH", "TYPE", "ACTION"], rows: rows).dropFirst().map { "  \($0)" }
    }

    /// How many changed paths an update shows under its row; `--json` lists them all.
    static let changesShown = 12

    /// An update's changed paths, under its row: each with its old and new value, a recipe's named
    /// by its step; the places where only a provider key was put for another folded into one line.
    static func changeLines(_ changes: [ImportPlan.Change]) -> [String] {
        var swaps: [(swap: ImportPlan.Change.KeySwap, places: Int)] = [], described: [String] = []
        for change in changes {
            guard let swap = change.providerKey else {
                described.append(describe(change))
                continue
            }
            if let index = swaps.firstIndex(where: { $0.swap == swap }) { swaps[index].places += 1 } else { swaps.append((swap, 1)) }
        }
        var lines = swaps.map { "provider key \($0.swap.from) -> \($0.swap.to) (\($0.places) place\($0.places == 1 ? "" : "s"))" }
        lines += described.prefix(changesShown)
        if described.count > changesShown {
            lines.append("… \(described.count - changesShown) more changed paths (--json lists them all; --diff shows the files)")
        }
        return lines.map { "       \($0)" }
    }

    /// `PLACE: OLD -> NEW`, where a recipe's place is its step (number, keyword, action, provider)
    /// and the path inside it.
    private static func describe(_ change: ImportPlan.Change) -> String {
        var place = change.path
        if let step = change.step {
            place = "step " + [step.number.map(String.init), step.keyword, step.name].compactMap { $0 }.joined(separator: " ")
                + (step.provider.map { " (\($0))" } ?? "") + (change.within.map { $0.isEmpty ? "" : " \($0)" } ?? "")
        }
        switch (change.old, change.new) {
        case (nil, let new?): return "\(place): added \(new)"
        case (let old?, nil): return "\(place): removed (was \(old))"
        case (let old, let new): return "\(place): \(old ?? "") -> \(new ?? "")"
        }
    }

    /// With `--diff`: each updated file's unified diff, then each connector's code diff, as `diff -u` prints them.
    private static func diffs(_ plan: ImportPlan) -> [String] {
        guard let diffs = plan.diffs else { return [] }
        let texts = plan.assets.compactMap { diffs[$0.path] } + plan.connectors.compactMap(\.unifiedDiff)
        guard !texts.isEmpty else { return ["", "Diffs: (no file or connector code changes)"] }
        return ["", "Diffs:"] + texts.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
    }

    /// The symbol and words of an import's row.
    private static func importAction(_ asset: ImportPlan.Asset, past: Bool) -> (String, String) {
        switch asset.action {
        case .create:
            let placeholder = asset.type == AssetType.connection ? " as a disconnected placeholder" : ""
            return ("+", (past ? "created" : "create") + placeholder)
        case .update:
            return (asset.running ? "!" : "~", (past ? "updated" : "update") + (asset.contentDiffers == false ? " (formatting only)" : " (content differs)"))
        case .unchanged: return ("=", "unchanged")
        case .keep: return ("-", past ? "kept (exists; left untouched)" : "keep (exists; left untouched)")
        case .remove: return (asset.running ? "!" : "x", past ? "removed" : "remove")
        case .bound: return ("-", "bound by the values file: not created; references use the target's connection")
        }
    }

    /// The symbol and words of a rollback's row: what it does to the file from where it is now.
    private static func rollbackAction(_ asset: ImportPlan.Asset, past: Bool) -> (String, String) {
        switch asset.action {
        case .create: return ("+", past ? "restored" : "restore")
        case .update: return (asset.running ? "!" : "~", "put back")
        case .remove: return (asset.running ? "!" : "x", past ? "removed" : "remove")
        case .unchanged, .keep, .bound: return ("=", "already as before")
        }
    }

    private static func connectors(_ plan: ImportPlan, past: Bool) -> [String] {
        var lines = ["", plan.rollback == nil ? "Custom connectors (released at once):" : "Custom connectors (no new version: the released one goes back):"]
        if plan.connectors.isEmpty { lines.append("  (none)") }
        let breaking = Set(plan.dependents.lazy.filter(\.breaks).map(\.connector))
        for connector in plan.connectors {
            let breaks = breaking.contains(connector.title)
            let symbol = breaks ? "!" : [.create: "+", .remove: "x", .reuse: "="][connector.action] ?? "~"
            let was = "was \(connector.releasedBefore.map { "version \($0)" } ?? "unreleased")"
            switch connector.action {
            case .create: lines.append("  \(symbol) \(connector.title): \(past ? "created" : "create") version 1, released")
            case .newVersion: lines.append("  \(symbol) \(connector.title): new version \(connector.newVersionNo), released (\(was))")
            case .reuse where connector.installed == true:
                lines.append("  \(symbol) \(connector.title): \(past ? "used" : "use") installed version \(connector.newVersionNo): same code, no new version (installed from a library, it takes versions from its developer only)")
            case .reuse: lines.append("  \(symbol) \(connector.title): \(past ? "reused" : "reuse") released version \(connector.newVersionNo): same code and note, no new version")
            case .restore: lines.append("  \(symbol) \(connector.title): released version \(past ? "went" : "goes") back to \(connector.newVersionNo) (\(was)); newer versions leave the store")
            case .remove: lines.append("  \(symbol) \(connector.title): \(past ? "removed" : "remove") (the undone import created it; its code stays in the undo data)")
            }
            if connector.action == .create || connector.action == .newVersion || connector.action == .reuse {
                lines.append("      package \(connector.packageVersionNo.map { "version \($0)" } ?? "without a version number"): \(connector.note ?? "(no note)")")
            } else if let note = connector.note {
                lines.append("      released note: \(note)")
            }
            if let diff = connector.codeDiff { lines.append("      code vs released: \(diff.text)") }
            lines.append("      provider key \(connector.targetKey)")
        }
        if !plan.keyRewrites.isEmpty {
            lines += ["", "Provider keys rewritten:"]
            for rewrite in plan.keyRewrites {
                lines.append("  \(rewrite.from) -> \(rewrite.to)  (\(rewrite.connector), \(rewrite.files) file\(rewrite.files == 1 ? "" : "s"))")
            }
        }
        return lines
    }

    /// Each line after a newline, as the sections before it ended without one.
    private static func writeDependents(_ plan: ImportPlan, to output: inout some TextOutputStream) {
        guard plan.connectors.contains(where: { $0.action != .reuse }) else { return }
        output.write(plan.rollback == nil ? "\n\nRecipes in the target that use the re-released connectors:"
                                          : "\n\nRecipes in the target that use the connectors it changes back:")
        if plan.dependents.isEmpty { output.write("\n  (none)") }
        for dependent in plan.dependents {
            var notes: [String] = []
            if dependent.imported { notes.append("imported") }
            if dependent.running { notes.append("running") }
            if !dependent.missingActions.isEmpty { notes.append("uses removed action\(dependent.missingActions.count == 1 ? "" : "s") \(dependent.missingActions.joined(separator: ", "))") }
            if !dependent.missingTriggers.isEmpty { notes.append("uses removed trigger\(dependent.missingTriggers.count == 1 ? "" : "s") \(dependent.missingTriggers.joined(separator: ", "))") }
            let symbol = dependent.breaks || (dependent.running && !dependent.imported) ? "!" : " "
            output.write("\n  \(symbol) \(dependent.path)  [\(dependent.connector)]\(notes.isEmpty ? "" : "  " + notes.joined(separator: "; "))")
        }
    }

    /// Each property the recipes read and where its value comes from (`=` the target keeps it, `+`
    /// the values file sets it, `?` none anywhere), with the places a missing one is read.
    private static func properties(_ plan: ImportPlan, past: Bool) -> [String] {
        var lines: [String] = []
        if let bindings = plan.bindings {
            lines += ["", "Connections bound (values file):"]
            lines += bindings.sorted { $0.key < $1.key }.map { "  \($0.key) -> \($0.value)" }
        }
        guard let properties = plan.properties else { return lines }
        lines += ["", "Properties the recipes read (values never travel in packages):"]
        for property in properties {
            switch property.source {
            case .target: lines.append("  = \(property.type.rawValue) '\(property.name)': the target's value (\(property.file))")
            case .valuesFile: lines.append("  + \(property.type.rawValue) '\(property.name)': \(past ? "set" : "set") from the values file in \(property.file)")
            case .nowhere:
                lines.append("  ? \(property.type.rawValue) '\(property.name)': no value in the target or a values file\(plan.strict ? " (--strict: blocks the import)" : "")")
                lines += property.readers.map { "      read by \($0.entry) \($0.jsonPath)" }
            }
        }
        return lines
    }

    /// Entries placed nowhere, each with why.
    static func unplaced(_ entries: [PackageIndex.Unplaced], strict: Bool) -> [String] {
        guard !entries.isEmpty else { return [] }
        return ["", strict ? "Entries placed nowhere (--strict: they block the import):" : "Entries placed nowhere (warnings):"]
            + entries.map { "  ? \($0.entry): \($0.reason)" }
    }

    private static func unresolved(_ plan: ImportPlan, past: Bool) -> [String] {
        guard !plan.unresolved.isEmpty else { return [] }
        var lines = ["", plan.strict ? "Unresolved references (--strict: they block the import):"
            : "Unresolved references (warnings: the assets \(past ? "were imported" : "import") as they are; the references stay open):"]
        for open in plan.unresolved {
            let target = open.zipName.map { "\($0) (\(open.type))" } ?? "provider key \(open.providerKey ?? "")"
            lines.append("  ? \(open.asset) \(open.jsonPath) -> \(target)")
            lines.append("      \(open.meaning)")
        }
        return lines
    }

    private static func summaryLine(_ plan: ImportPlan, past: Bool) -> String {
        let s = plan.summary
        if plan.rollback != nil { return rollbackSummary(plan, past: past) }
        var parts = ["\(s.create) \(past ? "created" : "to create")", "\(s.update) \(past ? "updated" : "to update")", "\(s.unchanged) unchanged",
                     "\(s.keep) kept", "\(s.remove) \(past ? "removed" : "to remove")",
                     "\(s.connectorsCreated) connector\(s.connectorsCreated == 1 ? "" : "s") created",
                     "\(s.connectorVersions) connector version\(s.connectorVersions == 1 ? "" : "s") added",
                     "\(s.connectorsReused) connector\(s.connectorsReused == 1 ? "" : "s") reused",
                     "\(s.runningAffected) running recipe\(s.runningAffected == 1 ? "" : "s") affected",
                     "\(s.breaking) recipe\(s.breaking == 1 ? "" : "s") would break"]
        if past {
            parts[9] = "\(s.breaking) recipe\(s.breaking == 1 ? " uses" : "s use") removed actions or triggers"
        }
        if plan.reuseIdenticalConnectors != true && s.connectorsReused == 0 { parts.remove(at: 7) }
        if plan.prune != true { parts.remove(at: 4) }
        parts.append("\(s.problems) problem\(s.problems == 1 ? "" : "s")")
        parts.append("\(s.warnings) warning\(s.warnings == 1 ? "" : "s")")
        return (past ? "Import: " : "Plan: ") + parts.joined(separator: ", ") + "."
    }

    private static func rollbackSummary(_ plan: ImportPlan, past: Bool) -> String {
        let s = plan.summary
        let restored = plan.connectors.filter { $0.action == .restore }.count, removed = plan.connectors.filter { $0.action == .remove }.count
        let parts = ["\(s.create) \(past ? "restored" : "to restore")", "\(s.update) \(past ? "put back" : "to put back")",
                     "\(s.remove) \(past ? "removed" : "to remove")", "\(s.unchanged) already as before",
                     "\(restored) connector release\(restored == 1 ? "" : "s") \(past ? "restored" : "to restore")",
                     "\(removed) connector\(removed == 1 ? "" : "s") \(past ? "removed" : "to remove")",
                     "\(s.runningAffected) running recipe\(s.runningAffected == 1 ? "" : "s") affected",
                     "\(s.breaking) recipe\(s.breaking == 1 ? "" : "s") \(past ? "use" : "would use") missing actions or triggers",
                     "\(s.problems) problem\(s.problems == 1 ? "" : "s")"]
        return (past ? "Rollback: " : "Plan: ") + parts.joined(separator: ", ") + "."
    }
}

extension ImportPlan: TextRendering {
    package func writeText(to output: inout some TextOutputStream) { PlanText.write(self, past: false, to: &output) }
}

extension ImportResult: TextRendering {
    package func writeText(to output: inout some TextOutputStream) {
        PlanText.write(plan, past: true, to: &output)
        for path in restartedRecipes { output.write("\nRestarted \(path): stopped, updated and started again.") }
        output.write("\nImport \(id) recorded; see 'rlcm history'.")
    }
}

extension RollbackResult: TextRendering {
    package func writeText(to output: inout some TextOutputStream) {
        PlanText.write(plan, past: true, to: &output)
        for path in restartedRecipes { output.write("\nRestarted \(path): stopped, put back and started again.") }
        output.write("\nRollback \(id) recorded; 'rlcm rollback \(id)' brings the change back.")
    }
}

extension CodeDiffSummary {
    /// e.g. `+12 -3 lines; actions removed: get_invoice; triggers added: order_cancelled`, or `identical`.
    package var text: String {
        if identical { return "identical" }
        var parts = ["+\(linesAdded) -\(linesRemoved) lines" + (exact ? "" : " (approximate)")]
        for (label, names) in [("actions added", actionsAdded), ("actions removed", actionsRemoved),
                               ("triggers added", triggersAdded), ("triggers removed", triggersRemoved)]
        where !names.isEmpty {
            parts.append("\(label): \(names.joined(separator: ", "))")
        }
        return parts.joined(separator: "; ")
    }
}
