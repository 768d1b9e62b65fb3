import RLCMKit

extension WorkspaceOptions {
    /// Plans an import under the workspace lock, drawing progress on a terminal.
    func plan(_ package: String, into project: String, restartRecipes: Bool) throws -> ImportPlan {
        try withSession("plan") {
            try ImportPlanner(session: $0, progress: TerminalProgress.forStandardError()).plan(package: package, into: project, restartRecipes: restartRecipes)
        }
    }
}

extension OutputOptions {
    /// Prints a plan; a plan with problems then ends the command with status 1, the problems on stderr too.
    func emit(plan: ImportPlan) throws {
        try emit(plan)
        if !plan.problems.isEmpty { throw ImportError.blocked(problems: plan.problems) }
    }
}
