import ArgumentParser
import Foundation
import RLCMFormat
import RLCMKit

/// The root command: every command's options and help, in both executables (`rlcm` and
/// `rlcm-remote`), which differ only in the `RemoteStack` they run it with.
package struct RLCM: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "rlcm",
        abstract: "Recipe lifecycle management: pack Workato recipes and their custom connectors into packages, and import them safely.",
        discussion: """
            Every command that works on a workspace finds it as git does (the nearest enclosing one) or takes \
            -C DIR / --workspace DIR, before the command as well as after it. The round trip:
              $ rlcm export "Order Sync" -C sandbox -o order-sync.zip
              $ rlcm -C production plan order-sync.zip --into "Order Sync" --out plan.json
              $ rlcm -C production import --plan plan.json
            """,
        version: rlcmVersion,
        subcommands: [
            InitCommand.self, ManifestCommand.self, ExportCommand.self, InspectCommand.self,
            PlanCommand.self, ImportCommand.self, ValuesCommand.self, HistoryCommand.self, RollbackCommand.self, DriftCommand.self, GraphCommand.self,
            ConnectorCommand.self, RecipeCommand.self, WorkspaceCommand.self, LibraryCommand.self,
            ServeCommand.self, TokenCommand.self, RemoteCommand.self,
        ]
    )

    package init() {}

    /// Parses the process's arguments and runs the command, with `remoteStack` doing what needs the
    /// server or the HTTP client.
    package static func main(remoteStack: any RemoteStack) async {
        await RemoteStacks.$current.withValue(remoteStack) { await run() }
    }

    private static func run() async {
        let arguments = ArgumentOrder.commandFirst(Array(CommandLine.arguments.dropFirst()))
        if let message = CommandSuggestion.unknownCommand(in: arguments) {
            FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        // Help, the version and argument errors are ArgumentParser's to report; only what a command
        // throws while it runs goes through `ExitCodes` (whose casts would cost `--version` a
        // scan of every conformance record for ArgumentParser's own error types).
        let parsed: ParsableCommand
        do {
            parsed = try parseAsRoot(arguments)
        } catch {
            Self.exit(withError: error)
        }
        do {
            var command = parsed
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
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
