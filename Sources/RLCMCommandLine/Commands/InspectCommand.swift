import ArgumentParser
import RLCMKit

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List a package's assets, the dependencies between them, its connectors and its problems.",
        discussion: """
            Example:
              $ rlcm inspect order-sync.zip
            """)

    @Argument(help: "The package (a zip from rlcm or from Workato).")
    var package: String

    @OptionGroup var format: OutputOptions

    func run() throws {
        try format.emit(try InspectReport(package: package, progress: TerminalProgress.forStandardError()))
    }
}
