import ArgumentParser
import RLCMKit

struct RecipeStartCommand: ParsableCommand {
    static let configuration = RecipePathArguments.configuration("start", abstract: "Mark a recipe as running.")
    @OptionGroup var arguments: RecipePathArguments
    func run() throws { try arguments.set(running: true) }
}
