import Foundation
import ArgumentParser
import RLCMClient

struct RemoteListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the remote workspaces by name and URL.",
        discussion: """
            Example:
              $ rlcm remote list --json
            """)

    @OptionGroup var format: OutputOptions

    func run() throws {
        let config = RemoteConfig(environment: ProcessInfo.processInfo.environment)
        try format.emit(RemoteList(remotes: try config.all(), file: config.file))
    }
}
