import ArgumentParser
import RLCMKit

struct ConnectorInstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install", abstract: "Install a shared connector from the library, by share link or community listing id.",
        discussion: """
            Example:
              $ rlcm connector install 2d5dd9cd0e41af4a -C buyer --library library
            """)

    @Argument(help: "A share link (rlcm://links/<token> or the token) or a listing id.")
    var reference: String

    @OptionGroup var library: LibraryOptions
    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions

    func run() throws {
        try format.emit(try workspace.withSession("connector install") { try $0.install(reference, library: library.path) })
    }
}
