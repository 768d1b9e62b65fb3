import ArgumentParser
import Foundation
import RLCMFormat
import RLCMKit

/// Which workspace a command works on: `-C DIR`, or the nearest one enclosing the current folder.
package struct WorkspaceOptions: ParsableArguments {
    /// The options' names, which `ArgumentOrder` finds before a command's name.
    static let options = [workspaceOption, lockTimeoutOption]
    private static let workspaceOption = ValuedOption(short: "C", long: "workspace")
    private static let lockTimeoutOption = ValuedOption(long: "lock-timeout")

    @Option(name: workspaceOption.names, help: ArgumentHelp("The workspace folder (default: the nearest enclosing workspace).", valueName: "DIR"))
    package var workspace: String?

    @Option(name: lockTimeoutOption.names,
            help: ArgumentHelp("Seconds to wait for another rlcm command on the workspace to finish (default: $RLCM_LOCK_TIMEOUT, else 30).",
                               valueName: "SECONDS"))
    package var lockTimeout: Double?

    package init() {}

    /// The process's run environment, with `--lock-timeout` when given.
    package var environment: RunEnvironment {
        let environment = RunEnvironment.fromProcess()
        return lockTimeout.map(environment.waitingForLocks) ?? environment
    }

    /// Runs `body` on the workspace, holding its lock, on a thread of its own (`offload`): what an
    /// async command does with the library. `handlesZip`: `body` reads or writes a zip, so
    /// libarchive starts loading at once, while the workspace is opened (`Libarchive.loadSoon`;
    /// started from this thread, as a thread created while the loader works waits for it).
    func session<T: Sendable>(_ command: String, handlesZip: Bool = false,
                              _ body: @escaping @Sendable (WorkspaceSession) throws -> T) async throws -> T {
        try await offload {
            if handlesZip { Libarchive.loadSoon() }
            return try withSession(command, body)
        }
    }

    /// Runs `body` on the workspace, holding its lock.
    func withSession<T>(_ command: String, _ body: (WorkspaceSession) throws -> T) throws -> T {
        let workspace = try workspace.map { try Workspace(root: $0) } ?? Workspace.discover(from: FileManager.default.currentDirectoryPath)
        return try workspace.locked(command: command, environment: environment) { session in
            if session.rolledBackTransactions > 0 {
                Output.note("rolled back \(session.rolledBackTransactions) interrupted change\(session.rolledBackTransactions == 1 ? "" : "s") left by \(session.recoveredLockHolder ?? "an earlier rlcm command")")
            }
            return try body(session)
        }
    }
}

/// `--json`: machine-readable output on stdout.
package struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print the result as JSON (with a format_version) instead of text.")
    package var json = false

    package init() {}

    package func emit(_ report: some Report & TextRendering) throws {
        if json {
            print(try report.json(), terminator: "")
        } else {
            var output = StandardOutput()
            report.writeText(to: &output)
            output.write("\n")
            output.flush()
        }
        fflush(nil)  // results first, then whatever stderr says about them
    }
}

/// Standard output, gathered into pieces of 64 KiB for `print`: a plan writes a line at a time.
struct StandardOutput: TextOutputStream {
    private var pending = ""

    mutating func write(_ string: String) {
        pending += string
        if pending.utf8.count >= 64 * 1024 { flush() }
    }

    mutating func flush() {
        print(pending, terminator: "")
        pending = ""
    }
}

enum Output {
    /// A remark for people, on stderr so it never mixes with results.
    static func note(_ message: String) {
        FileHandle.standardError.write(Data("rlcm: \(message)\n".utf8))
    }
}
