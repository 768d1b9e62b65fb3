import Foundation
import ArgumentParser
import RLCMClient

struct RemoteRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Forget a remote workspace (nothing on the remote changes).",
        discussion: """
            Example:
              $ rlcm remote remove staging
            """)

    @Argument(help: "The remote's name.")
    var name: String

    @OptionGroup var format: OutputOptions

    func run() throws {
        try format.emit(RemoteChange(action: .removed, remote: try RemoteConfig(environment: ProcessInfo.processInfo.environment).remove(name: name)))
    }
}
