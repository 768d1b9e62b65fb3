import ArgumentParser
import RLCMKit

struct RecipeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recipe", abstract: "Start, stop and list recipes (the state lives in .rlcm, not in the recipe files).",
        discussion: """
            Example:
              $ rlcm recipe list -C sandbox
            """,
        subcommands: [RecipeStartCommand.self, RecipeStopCommand.self, RecipeListCommand.self])
}
