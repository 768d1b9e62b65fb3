import Foundation
import Glibc
import RLCMTestSupport
import Synchronization
@testable import RLCMFormat
@testable import RLCMKit

/// Packages and workspaces for the tests that run real `rlcm import` processes (crash safety,
/// concurrency, hostile packages). Every import runs with a fixed clock (`RLCM_NOW`), so two runs
/// of the same import write byte-identical trees, `.rlcm` state included.
enum ImportFixtures {
    static let now = fixedImportTime
    static let environment = ["RLCM_NOW": now]

    /// Builds a package from the order-sync fixture. With `variant` > 0 its recipes and connector
    /// code differ from the fixture's (so importing it over the fixture updates files and adds a
    /// connector version), and it carries `extraRecipes` more recipes under `extra/` (new files,
    /// in a new folder).
    static func package(at path: String, variant: Int = 0, extraRecipes: Int = 0) throws {
        let work = path + ".d"
        try? FileManager.default.removeItem(atPath: work)
        try FileManager.default.copyItem(atPath: OrderSync.folder, toPath: work)
        defer { try? FileManager.default.removeItem(atPath: work) }
        func edit(_ relative: String, _ change: (String) -> String) throws {
            let file = work + "/" + relative
            try change(try String(contentsOfFile: file, encoding: .utf8)).write(toFile: file, atomically: true, encoding: .utf8)
        }
        if variant > 0 {
            try edit("orders/notify_ops_channel.recipe.json") { $0.replacingOccurrences(of: "\"Notify ops channel\"", with: "\"Notify ops channel \(variant)\"") }
            try edit("orders/new_order_to_fulfilment.recipe.json") { $0.replacingOccurrences(of: "\"private\": true", with: "\"private\": false") }
            try edit("api/get_order_status.recipe.json") { $0.replacingOccurrences(of: "\"private\": true", with: "\"private\": false") }
            try edit("acme_erp.custom_adapter.rb") { $0 + "\n# variant \(variant)\n" }
        }
        if extraRecipes > 0 {
            let template = try String(contentsOfFile: OrderSync.folder + "/orders/notify_ops_channel.recipe.json", encoding: .utf8)
            try FileManager.default.createDirectory(atPath: work + "/extra", withIntermediateDirectories: true)
            for index in 1...extraRecipes {
                let text = template.replacingOccurrences(of: "\"Notify ops channel\"", with: "\"Extra recipe \(index)\"")
                try text.write(toFile: work + "/extra/extra_\(index).recipe.json", atomically: true, encoding: .utf8)
            }
        }
        try? FileManager.default.removeItem(atPath: path)
        let result = try runTool("zip", ["-qrX", path, "."], in: work)
        guard result.status == 0 else { throw CLIFailure(description: "zip failed: \(result.output)") }
    }

    /// A production workspace at `root` that already holds one import of the fixture into "Order Sync".
    static func productionWithEarlierImport(at root: String, scratch: String) throws {
        try CLI.run(["init", root, "--environment", "production"]).check()
        let first = scratch + "/earlier.zip"
        try package(at: first)
        try CLI.run(["import", first, "--into", "Order Sync", "-C", root], environment: environment).check()
    }

    /// Copies a workspace (or any tree) with `cp -a`.
    static func copy(_ source: String, to destination: String) throws {
        try? FileManager.default.removeItem(atPath: destination)
        let result = try runTool("cp", ["-a", source, destination])
        guard result.status == 0 else { throw CLIFailure(description: "cp failed: \(result.output)") }
    }
}

extension CLI.Running {
    /// Whether the process ended by SIGKILL (valid after `wait()`).
    var diedBySIGKILL: Bool { process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL }
}

/// Results collected from threads running processes side by side.
final class Collected<T: Sendable>: Sendable {
    private let items = Mutex<[T]>([])
    func append(_ item: T) { items.withLock { $0.append(item) } }
    var all: [T] { items.withLock { $0 } }
}

/// One `rlcm` run measured on its own, reaped with `wait4`.
///
/// A child's `ru_maxrss` (from `wait4` or `RUSAGE_CHILDREN`) is not the child's own peak: Linux
/// carries the high-water mark of the memory the child had before `exec` into it, and a child of
/// `posix_spawn` (vfork) or `fork` had the whole test process's memory then. So the child runs
/// under GNU `time -f %M` (a small process of its own, whose fork+exec of `rlcm` inherits only a
/// few MB); without `/usr/bin/time` the figure falls back to `wait4`'s, an upper bound.
struct MeasuredRun {
    var status: Int32
    var signal: Int32
    var stdout: String
    var stderr: String
    var maxRSSKiB: Int
    var seconds: Double

    static func rlcm(_ arguments: [String], environment: [String: String] = [:]) throws -> MeasuredRun {
        let base = FileManager.default.temporaryDirectory.path + "/rlcm-measured-" + UUID().uuidString
        defer { unlink(base + ".out"); unlink(base + ".err"); unlink(base + ".time") }
        let timed = FileManager.default.isExecutableFile(atPath: "/usr/bin/time")
        let program = timed ? "/usr/bin/time" : CLI.executable
        let command = (timed ? ["/usr/bin/time", "-f", "%M", "-o", base + ".time"] : []) + [CLI.executable] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, base + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, base + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let env = CLI.environment(environment).map { "\($0.key)=\($0.value)" }
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let start = Date()
        let spawned = posix_spawn(&pid, program, &actions, nil, argv, envp)
        guard spawned == 0 else { throw CLIFailure(description: "posix_spawn failed: \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Date().timeIntervalSince(start)
        var signal = status & 0x7F
        var exit = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        var maxRSS = usage.ru_maxrss
        if timed {
            // GNU time writes "Command terminated by signal N" (or "exited with non-zero status N") before %M.
            let lines = String(decoding: readAll(base + ".time"), as: UTF8.self).split(separator: "\n")
            maxRSS = lines.last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? maxRSS
            if let line = lines.first(where: { $0.contains("terminated by signal") }), let number = line.split(separator: " ").last.flatMap({ Int32($0) }) {
                signal = number
                exit = 128 + number
            }
        }
        return MeasuredRun(status: exit, signal: signal,
                           stdout: String(decoding: readAll(base + ".out"), as: UTF8.self),
                           stderr: String(decoding: readAll(base + ".err"), as: UTF8.self),
                           maxRSSKiB: maxRSS, seconds: seconds)
    }
}

/// Runs `body(0..<count)` on `count` threads of their own, all at once (unlike
/// `concurrentPerform`, which runs no more than the machine has cores), and waits for them all.
func onSeparateThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        let thread = Thread { body(index); group.leave() }
        thread.start()
    }
    group.wait()
}
