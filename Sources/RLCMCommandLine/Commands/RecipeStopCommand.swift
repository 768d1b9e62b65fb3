import ArgumentParser
import RLCMKit

struct RecipeStopCommand: ParsableCommand {
    static let configuration = RecipePathArguments.configuration("stop", abstract: "Mark a recipe as stopped.")
    @OptionGroup var arguments: RecipePathArguments
    func run() throws { try arguments.set(running: false) }
}
