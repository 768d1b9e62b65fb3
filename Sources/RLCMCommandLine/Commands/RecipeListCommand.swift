import ArgumentParser
import RLCMKit

struct RecipeListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the workspace's recipes and whether they run.",
        discussion: """
            Example:
              $ rlcm recipe list -C sandbox
            """)
    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions
    func run() throws { try format.emit(try workspace.withSession("recipe list") { try $0.listRecipes() }) }
}
