import ArgumentParser
import RLCMKit

struct RecipeStartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Mark a recipe as running.")
    @OptionGroup var arguments: RecipePathArguments
    func run() throws { try arguments.set(running: true) }
}
