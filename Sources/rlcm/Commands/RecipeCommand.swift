import ArgumentParser
import RLCMKit

struct RecipeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recipe", abstract: "Start, stop and list recipes (the state lives in .rlcm, not in the recipe files).",
        subcommands: [RecipeStartCommand.self, RecipeStopCommand.self, RecipeListCommand.self])
}

/// `recipe start` and `recipe stop` differ only in the state they set.
struct RecipePathArguments: ParsableArguments {
    @Argument(help: "The recipe, relative to the workspace root (e.g. 'Order Sync/orders/new_order_to_fulfilment.recipe.json').")
    var path: String

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions

    func set(running: Bool) throws {
        try format.emit(try workspace.withSession(running ? "recipe start" : "recipe stop") { try $0.setRecipe(path, running: running) })
    }
}

struct RecipeStartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Mark a recipe as running.")
    @OptionGroup var arguments: RecipePathArguments
    func run() throws { try arguments.set(running: true) }
}

struct RecipeStopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Mark a recipe as stopped.")
    @OptionGroup var arguments: RecipePathArguments
    func run() throws { try arguments.set(running: false) }
}

struct RecipeListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the workspace's recipes and whether they run.")
    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions
    func run() throws { try format.emit(try workspace.withSession("recipe list") { try $0.listRecipes() }) }
}
