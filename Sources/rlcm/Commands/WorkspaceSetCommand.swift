import ArgumentParser
import RLCMKit

struct WorkspaceSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Change one setting: email, data-center, sdk-access (full|limited) or library.",
        discussion: """
            Examples:
              $ rlcm workspace set library library -C developer
              $ rlcm -C developer workspace set email dev@acme.example
            """)

    @Argument(help: "email, data-center, sdk-access or library.")
    var key: WorkspaceSettingKey

    @Argument(help: "The new value.")
    var value: String

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions

    func run() throws { try format.emit(try workspace.withSession("workspace set") { try $0.setWorkspace(key, to: value) }) }
}

extension WorkspaceSettingKey: ExpressibleByArgument {}
