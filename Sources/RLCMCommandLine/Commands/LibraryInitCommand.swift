import ArgumentParser
import RLCMKit

struct LibraryInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create an empty library that workspaces share connectors through.",
        discussion: """
            Examples:
              $ rlcm library init library
              $ rlcm workspace set library library -C developer
            """)

    @Argument(help: "The folder to create (or an empty folder).")
    var directory: String

    @OptionGroup var format: OutputOptions

    func run() throws { try format.emit(try FolderLibrary.initialize(at: directory, environment: .fromProcess())) }
}
