import ArgumentParser
import RLCMKit

struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Undo an import (or a rollback) exactly: every file, connector release and recipe state it changed goes back.",
        discussion: """
            No new connector version is made: each connector's released version goes back to what it was, the \
            versions the import added leave the store, and connectors it created are removed. The rollback is one \
            transaction and is recorded in the history, so it can be rolled back in turn. It refuses when a file \
            the import wrote changed since (naming each one; --force puts them back anyway) or when a newer \
            import wrote the same files (roll that one back first).
            Examples:
              $ rlcm history -C production
              $ rlcm rollback 20261206T101500.000Z-3f2a9c1b -C production --dry-run
              $ rlcm rollback 20261206T101500.000Z-3f2a9c1b --restart-recipes
            """)

    @Argument(help: "The id of the import or rollback to undo, as 'rlcm history' lists it.")
    var id: String

    @Flag(name: .customLong("restart-recipes"), help: "Stop running recipes the rollback changes, and start them again where they stay.")
    var restartRecipes = false

    @Flag(help: "Put back files changed since the import too, and roll back even when newer imports wrote the same files.")
    var force = false

    @Flag(name: .customLong("dry-run"), help: "Only show what the rollback would do, in the plan's format.")
    var dryRun = false

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions

    func run() async throws {
        let options = RollbackOptions(id: id, restartRecipes: restartRecipes, force: force)
        if dryRun { return try format.emit(plan: try await workspace.session("rollback") { try $0.planRollback(options) }) }
        try format.emit(try await workspace.session("rollback") { try $0.rollback(options) })
    }
}
