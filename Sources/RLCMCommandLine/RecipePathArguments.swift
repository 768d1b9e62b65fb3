import ArgumentParser
import RLCMKit

/// `recipe start` and `recipe stop` differ only in the state they set.
struct RecipePathArguments: ParsableArguments {
    @Argument(help: "The recipe, relative to the workspace root (e.g. 'Order Sync/orders/new_order_to_fulfilment.recipe.json').")
    var path: String

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions

    /// The command `recipe VERB`, with its example.
    static func configuration(_ verb: String, abstract: String) -> CommandConfiguration {
        CommandConfiguration(
            commandName: verb, abstract: abstract,
            discussion: """
                Example:
                  $ rlcm recipe \(verb) -C sandbox \\
                      "Order Sync/orders/new_order_to_fulfilment.recipe.json"
                """)
    }

    func set(running: Bool) throws {
        try format.emit(try workspace.withSession(running ? "recipe start" : "recipe stop") { try $0.setRecipe(path, running: running) })
    }
}
