import Foundation
import ArgumentParser
import RLCMKit

/// How `plan` and `import` treat what they find: running recipes, unresolved references and
/// connectors whose code did not change.
struct ImportFlags: ParsableArguments {
    @Flag(name: .customLong("restart-recipes"), help: "Stop running recipes the import overwrites, update them and start them again, instead of refusing.")
    var restartRecipes = false

    @Flag(help: "Refuse the import when a reference resolves neither in the package nor in the target (by default such references are warnings).")
    var strict = false

    @Option(help: ArgumentHelp("Set the property values this file gives (see 'Values per environment' in the README); {\"env\": \"NAME\"} values are read from the environment.", valueName: "FILE"))
    var values: String?

    @Flag(name: .customLong("reuse-identical-connectors"),
          help: "Add no connector version when the package's code and note equal the target's released version (by default every import adds one, as the platform does).")
    var reuseIdenticalConnectors = false

    @Flag(help: "Remove the target's assets under the landing folder that the package does not carry (connections and property files are never removed; running recipes only with --restart-recipes).")
    var prune = false

    @Flag(help: "Show a unified diff of each file the import updates and of each connector's code, instead of the changed JSON paths.")
    var diff = false

    func options(into project: String) throws -> ImportOptions {
        ImportOptions(project: project, restartRecipes: restartRecipes, strict: strict, values: try readValues(),
                      reuseIdenticalConnectors: reuseIdenticalConnectors, diffs: diff, prune: prune)
    }

    /// Refuses what only a workspace folder's import does: through the Developer API every
    /// import adds a connector version and removes nothing.
    func checkLocal(_ remote: RemoteOptions) throws {
        guard remote.remote != nil else { return }
        if reuseIdenticalConnectors {
            throw ValidationError("--reuse-identical-connectors is for a workspace folder: an import through the Developer API always adds a connector version")
        }
        if prune { throw ValidationError("--prune is for a workspace folder: an import through the Developer API removes nothing") }
    }

    /// The values file, read, with its variables taken from this process's environment: the one
    /// place that reads them (the library reads no environment).
    func readValues() throws -> Values? {
        guard let values else { return nil }
        let environment = ProcessInfo.processInfo.environment
        return try ValuesFile(file: values).resolved { environment[$0] }
    }
}

extension OutputOptions {
    /// Prints a plan; a plan with problems then ends the command with status 1, the problems on stderr too.
    func emit(plan: ImportPlan) throws {
        try emit(plan)
        guard !plan.problems.isEmpty else { return }
        if let rollback = plan.rollback { throw HistoryError.rollbackBlocked(id: rollback.undoes, problems: plan.problems.map(\.message)) }
        throw ImportError.blocked(problems: plan.problems.map(\.message))
    }
}
