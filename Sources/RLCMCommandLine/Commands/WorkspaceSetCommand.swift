import ArgumentParser
import RLCMKit

struct WorkspaceSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Change one setting: email, data-center, sdk-access (full|limited), library or undo-kept.",
        discussion: """
            Examples:
              $ rlcm workspace set library library -C developer
              $ rlcm -C developer workspace set email dev@acme.example
              $ rlcm -C production workspace set undo-kept 50
            """)

    @Argument(help: "email, data-center, sdk-access, library or undo-kept (how many of the newest imports and rollbacks keep undo data).")
    var key: WorkspaceSettingKey

    @Argument(help: "The new value.")
    var value: String

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions

    func run() throws { try format.emit(try workspace.withSession("workspace set") { try $0.setWorkspace(key, to: value) }) }
}

extension WorkspaceSettingKey: ExpressibleByArgument {}
