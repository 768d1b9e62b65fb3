import ArgumentParser
import Foundation
import RLCMKit

@main
struct RLCM: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rlcm",
        abstract: "Recipe lifecycle management: pack Workato recipes and their custom connectors into packages, and import them safely.",
        subcommands: [
            InitCommand.self, ManifestCommand.self, ExportCommand.self, InspectCommand.self,
            PlanCommand.self, ImportCommand.self, HistoryCommand.self, GraphCommand.self,
            ConnectorCommand.self, RecipeCommand.self, WorkspaceCommand.self, LibraryCommand.self,
            ServeCommand.self, TokenCommand.self,
        ]
    )

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Self.exit(withError: exit)
        } catch {
            if let code = ExitCodes.code(for: error) {
                FileHandle.standardError.write(Data("rlcm: error: \(ExitCodes.message(for: error))\n".utf8))
                Foundation.exit(code)
            }
            Self.exit(withError: error)
        }
    }
}
