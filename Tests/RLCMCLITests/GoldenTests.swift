import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// The text people read, pinned (XcodeGen's fixtures): the round trip of the README run on copies
/// of the samples, each step's transcript (`$ rlcm …`, stdout, stderr, exit status) compared with
/// its file in `Tests/Golden/`. `RLCM_UPDATE_GOLDEN=1 swift test --filter Golden` rewrites the
/// files instead, and the README's samples from them with `scripts/refresh-readme`.
@Suite struct GoldenTests {
    struct Step {
        /// `Tests/Golden/<name>.txt`.
        var name: String
        var arguments: [String]
        /// Whether README.md shows this transcript.
        var inREADME = true
        /// A change made by hand before the step: in `file` (relative to the scratch folder), `from` becomes `to`.
        var edit: (file: String, from: String, to: String)? = nil
        /// Commands run before the step (after `edit`), whose output is not pinned.
        var before: [[String]] = []
    }

    static let folder = SchemaValidator.repoRoot.appendingPathComponent("Tests/Golden").path
    static let updating = ProcessInfo.processInfo.environment["RLCM_UPDATE_GOLDEN"] == "1"
    /// The time every step runs at (2026-11-23T15:39:39Z): provider keys, versions and import ids
    /// carry it. Connector ids come from the samples' names and creation times.
    static let now = "1795448379"

    static let steps: [Step] = [
        Step(name: "connector-show", arguments: ["connector", "show", "Acme ERP", "-C", "sandbox"]),
        Step(name: "export", arguments: ["export", "Order Sync", "-C", "sandbox", "-o", "order-sync.zip"]),
        Step(name: "inspect", arguments: ["inspect", "order-sync.zip"]),
        Step(name: "graph-mermaid", arguments: ["graph", "Order Sync/orders", "-C", "sandbox", "--format", "mermaid"]),
        Step(name: "graph-dot", arguments: ["graph", "order-sync.zip"], inREADME: false),
        Step(name: "plan-blocked", arguments: ["plan", "order-sync.zip", "--into", "Order Sync", "-C", "production"]),
        Step(name: "plan", arguments: ["plan", "order-sync.zip", "--into", "Order Sync", "-C", "production", "--restart-recipes", "--out", "plan.json"]),
        Step(name: "import", arguments: ["import", "--plan", "plan.json", "-C", "production"]),
        Step(name: "history", arguments: ["history", "-C", "production"]),
        Step(name: "plan-after-import", arguments: ["plan", "order-sync.zip", "--into", "Order Sync", "-C", "production", "--restart-recipes",
                                                    "--reuse-identical-connectors", "--detailed-exitcode"]),
        Step(name: "plan-changed-value", arguments: ["plan", "order-sync-2.zip", "--into", "Order Sync", "-C", "production", "--restart-recipes",
                                                     "--reuse-identical-connectors"],
             edit: ("sandbox/Order Sync/orders/new_order_to_fulfilment.recipe.json", "\"status\": \"in_fulfilment\"", "\"status\": \"fulfilling\""),
             before: [["export", "Order Sync", "-C", "sandbox", "-o", "order-sync-2.zip"]]),
        Step(name: "plan-diff", arguments: ["plan", "order-sync-2.zip", "--into", "Order Sync", "-C", "production", "--restart-recipes",
                                            "--reuse-identical-connectors", "--diff"]),
        Step(name: "connector-show-after-import", arguments: ["connector", "show", "Acme ERP", "-C", "production"], inREADME: false),
        Step(name: "drift", arguments: ["drift", "-C", "production"]),
        Step(name: "rollback-dry-run", arguments: ["rollback", importId, "-C", "production", "--dry-run"]),
        Step(name: "rollback", arguments: ["rollback", importId, "-C", "production", "--restart-recipes"]),
        Step(name: "history-after-rollback", arguments: ["history", "-C", "production"]),
    ]
    /// The id the golden import gets: its time and the package's hash.
    static let importId = "20261123T153939.000Z-bc5f8c26"

    /// `$ rlcm ARGS` as typed (arguments with spaces in double quotes), then what it printed.
    static func transcript(_ arguments: [String], _ result: CLI.Result, temp: String) -> String {
        let line = (["$ rlcm"] + arguments.map { $0.contains(" ") ? "\"\($0)\"" : $0 }).joined(separator: " ")
        let status = result.status == 0 ? "" : "(exit status \(result.status))\n"
        let text = line + "\n" + result.stdout + result.stderr + status
        return text.replacingOccurrences(of: temp + "/", with: "").replacingOccurrences(of: temp, with: ".")
    }

    static func golden(_ name: String) -> String { folder + "/" + name + ".txt" }

    @Test("the round trip on the samples prints what Tests/Golden/ holds")
    func roundTripOnTheSamples() throws {
        let temp = TempDir()
        for workspace in ["sandbox", "production"] {
            try temp.samples(workspace)
        }
        let environment = ["RLCM_NOW": Self.now, "RLCM_CACHE_DIR": temp.file("cache")]
        for step in Self.steps {
            if let edit = step.edit {
                let file = temp.file(edit.file), text = try String(contentsOfFile: file, encoding: .utf8)
                #expect(text.contains(edit.from), "'\(edit.from)' is not in \(edit.file)")
                try text.replacingOccurrences(of: edit.from, with: edit.to).write(toFile: file, atomically: true, encoding: .utf8)
            }
            for command in step.before { try CLI.run(command, in: temp.path, environment: environment).check() }
            let result = try CLI.run(step.arguments, in: temp.path, environment: environment)
            let actual = Self.transcript(step.arguments, result, temp: temp.path)
            if Self.updating {
                try actual.write(toFile: Self.golden(step.name), atomically: true, encoding: .utf8)
            } else {
                try Self.compare(actual, with: step.name)
            }
        }
        if Self.updating { try Self.finishUpdate() }
    }

    /// Removes the files no step writes any more and puts the new transcripts into the README.
    static func finishUpdate() throws {
        let kept = Set(steps.map { $0.name + ".txt" })
        for file in try FileManager.default.contentsOfDirectory(atPath: folder) where file.hasSuffix(".txt") && !kept.contains(file) {
            try FileManager.default.removeItem(atPath: folder + "/" + file)
        }
        let refreshed = try runTool("bash", [SchemaValidator.repoRoot.path + "/scripts/refresh-readme"])
        #expect(refreshed.status == 0, "scripts/refresh-readme: \(refreshed.output)")
    }

    /// Records a unified diff (golden file first) when the output differs.
    static func compare(_ actual: String, with name: String) throws {
        let path = golden(name)
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            Issue.record("\(path) is missing; write it with RLCM_UPDATE_GOLDEN=1 swift test --filter Golden")
            return
        }
        guard actual != expected else { return }
        let temp = TempDir()
        let written = temp.file(name + ".txt")
        try actual.write(toFile: written, atomically: true, encoding: .utf8)
        let diff = try runTool("diff", ["-u", "--label", "Tests/Golden/\(name).txt", "--label", "rlcm now", path, written])
        Issue.record("""
            the output differs from Tests/Golden/\(name).txt; if the change is meant, RLCM_UPDATE_GOLDEN=1 swift test --filter Golden \
            rewrites the golden files and the README's samples
            \(diff.output)
            """)
    }

    @Test("Tests/Golden/ holds only files the round trip writes", .disabled(if: updating, "the round trip is rewriting them"))
    func noStrayGoldenFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder).filter { $0.hasSuffix(".txt") }
        let names = Set(Self.steps.map { $0.name + ".txt" })
        #expect(Set(files) == names, "stray: \(Set(files).subtracting(names).sorted()), missing: \(names.subtracting(files).sorted())")
    }

    @Test("README.md shows the golden transcripts (scripts/refresh-readme copies them)", .disabled(if: updating, "the round trip is rewriting them"))
    func readmeShowsTheGoldenFiles() throws {
        let readme = try String(contentsOfFile: SchemaValidator.repoRoot.path + "/README.md", encoding: .utf8)
        for step in Self.steps where step.inREADME {
            let golden = try String(contentsOfFile: Self.golden(step.name), encoding: .utf8)
            let shown = readme.contains("```console\n" + golden + "```\n")  // not in #expect, which would print all of README
            #expect(shown, "README.md does not show Tests/Golden/\(step.name).txt as it is; run scripts/refresh-readme")
        }
    }
}
