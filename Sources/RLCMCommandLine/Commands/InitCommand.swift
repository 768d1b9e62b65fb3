import ArgumentParser
import RLCMKit

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create an empty workspace.",
        discussion: """
            Example:
              $ rlcm init scratch --name Scratch --environment sandbox --data-center eu
            """)

    @Argument(help: "The folder to create (or an empty folder).")
    var directory: String

    @Option(help: "The workspace's name (default: the folder's name).")
    var name: String?

    @Option(help: "sandbox or production.")
    var environment: Environment = .sandbox

    @Option(name: .customLong("data-center"), help: "us, eu, jp, sg, au or il.")
    var dataCenter: DataCenter = .us

    @Option(help: "The owner's e-mail: how access lists name the workspace and where notifications go.")
    var email: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        try output.emit(try Workspace.initialize(at: directory, name: name, environment: environment, dataCenter: dataCenter, email: email,
                                                   createdAt: RunEnvironment.fromProcess().now))
    }
}

extension Environment: ExpressibleByArgument {}
extension DataCenter: ExpressibleByArgument {}
