import Foundation
import ArgumentParser
import RLCMKit

/// How `plan` and `import` treat what they find: running recipes and unresolved references.
struct ImportFlags: ParsableArguments {
    @Flag(name: .customLong("restart-recipes"), help: "Stop running recipes the import overwrites, update them and start them again, instead of refusing.")
    var restartRecipes = false

    @Flag(help: "Refuse the import when a reference resolves neither in the package nor in the target (by default such references are warnings).")
    var strict = false

    @Option(help: ArgumentHelp("Set the property values this file gives (see 'Values per environment' in the README); {\"env\": \"NAME\"} values are read from the environment.", valueName: "FILE"))
    var values: String?

    func options(into project: String) throws -> ImportOptions {
        ImportOptions(project: project, restartRecipes: restartRecipes, strict: strict, values: try readValues())
    }

    /// The values file, read, with its variables taken from this process's environment: the one
    /// place that reads them (the library reads no environment).
    func readValues() throws -> Values? {
        let environment = ProcessInfo.processInfo.environment
        return try values.map { try ValuesFile(file: $0).resolved { environment[$0] } }
    }
}

extension OutputOptions {
    /// Prints a plan; a plan with problems then ends the command with status 1, the problems on stderr too.
    func emit(plan: ImportPlan) throws {
        try emit(plan)
        guard !plan.problems.isEmpty else { return }
        if let rollback = plan.rollback { throw HistoryError.rollbackBlocked(id: rollback.undoes, problems: plan.problems) }
        throw ImportError.blocked(problems: plan.problems)
    }
}
