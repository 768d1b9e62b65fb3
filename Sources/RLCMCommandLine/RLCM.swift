import ArgumentParser
import Foundation
import RLCMFormat
import RLCMKit
import Synchronization

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
    ///
    /// Synchronous, so that only the commands that are async start Swift's concurrency runtime,
    /// whose threads cost every command ~1.5 ms (bench/README.md, "Start-up"): `--version`,
    /// `--help`, argument errors and the synchronous commands run on the main thread alone.
    /// `tasksOnMainThread`: whether the task of an async command runs on the main thread
    /// (`WaitingThreadExecutor`), for an executable whose commands run no server and no HTTP client.
    package static func main(remoteStack: any RemoteStack, tasksOnMainThread: Bool) {
        RemoteStacks.$current.withValue(remoteStack) { run(tasksOnMainThread: tasksOnMainThread) }
    }

    private static func run(tasksOnMainThread: Bool) {
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
            if let command = parsed as? AsyncParsableCommand {
                let body: () async throws -> Void = { var command = command; try await command.run() }
                try tasksOnMainThread ? WaitingThreadExecutor().run(body) : waiting(for: body)
            } else {
                var command = parsed
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

    /// Runs `body` as a task and waits for it on this thread. rlcm has no main actor, so nothing
    /// the task awaits needs the thread that waits.
    private static func waiting(for body: sending @escaping () async throws -> Void) throws {
        let finished = DispatchSemaphore(value: 0)
        let failure = Mutex<(any Error)?>(nil)
        Task {
            do { try await body() } catch { failure.withLock { $0 = error } }
            finished.signal()
        }
        finished.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
