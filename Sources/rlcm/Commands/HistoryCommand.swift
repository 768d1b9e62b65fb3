import ArgumentParser
import RLCMKit

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "List the imports into this workspace.",
        discussion: """
            Examples:
              $ rlcm history -C production
              $ rlcm -C production history --json
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions

    func run() throws {
        try format.emit(try workspace.withSession("history") { try $0.history() })
    }
}
