import ArgumentParser
import RLCMKit

struct WorkspaceShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print the workspace's identity.",
        discussion: """
            Example:
              $ rlcm workspace show -C developer
            """)
    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions
    func run() throws { try format.emit(try workspace.withSession("workspace show") { $0.showWorkspace() }) }
}
