import Foundation
import ArgumentParser
import RLCMClient

struct RemoteAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Name a remote workspace by its base URL or data center (us, eu, jp, sg, au, il).",
        discussion: """
            https:// is required, except for loopback addresses (127.0.0.0/8, ::1, localhost).
            Examples:
              $ rlcm remote add production eu
              $ rlcm remote add local http://127.0.0.1:8080
            """)

    @Argument(help: "The remote's name.")
    var name: String

    @Argument(help: "Its base URL (https://HOST[:PORT]) or a data center: us, eu, jp, sg, au, il.")
    var url: String

    @OptionGroup var format: OutputOptions

    func run() throws {
        try format.emit(RemoteChange(action: .added, remote: try RemoteConfig(environment: ProcessInfo.processInfo.environment).add(name: name, url: url)))
    }
}
