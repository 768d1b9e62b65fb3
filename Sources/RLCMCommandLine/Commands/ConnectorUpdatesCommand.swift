import ArgumentParser
import RLCMKit

struct ConnectorUpdatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "updates", abstract: "List installed connectors whose developer shared a newer version.",
        discussion: """
            Example:
              $ rlcm connector updates -C buyer --library library
            """)

    @OptionGroup var library: LibraryOptions
    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions

    func run() throws {
        try format.emit(try workspace.withSession("connector updates") { try $0.availableUpdates(library: library.path) })
    }
}
