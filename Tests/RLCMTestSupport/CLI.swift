import Foundation
import RLCMFormat

/// Runs the real `rlcm` executable (built beside the test bundle, with `rlcm-remote`, which it runs
/// for the server and `--remote`), for behaviour that crosses a process: exit codes, output
/// streams, locks and kills.
package enum CLI {
    package static let executable = besideTests("rlcm")
    package static let remoteExecutable = besideTests("rlcm-remote")

    private static func besideTests(_ name: String) -> String {
        URL(fileURLWithPath: Platform.executablePath).deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// The usage cache of every `rlcm` the tests start: a folder of this test run's, removed when
    /// it ends, so that no test leaves files in the user's `~/.cache/rlcm`. A test that sets
    /// `RLCM_CACHE_DIR` itself keeps its own.
    package static let cacheFolder: String = {
        let folder = FileManager.default.temporaryDirectory.path + "/rlcm-test-cache-" + UUID().uuidString
        atexit { try? FileManager.default.removeItem(atPath: CLI.cacheFolder) }
        return folder
    }()

    /// The environment of an `rlcm` a test starts: the test process's, the test run's usage
    /// cache, then `extra`.
    package static func environment(_ extra: [String: String]) -> [String: String] {
        ProcessInfo.processInfo.environment.merging(["RLCM_CACHE_DIR": cacheFolder].merging(extra) { _, new in new }) { _, new in new }
    }

    package struct Result {
        package var status: Int32
        package var stdout: String
        package var stderr: String

        package init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// Runs `rlcm ARGS` (or another `executable`) in `directory` and waits for it.
    @discardableResult
    package static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
                            executable: String = executable) throws -> Result {
        let process = try start(arguments, in: directory, environment: environment, executable: executable)
        return process.wait()
    }

    /// A running `rlcm` process whose output is collected in temporary files (no pipe can fill up).
    package final class Running {
        package let process: Process
        package let outPath: String
        package let errPath: String

        package init(process: Process, outPath: String, errPath: String) {
            self.process = process
            self.outPath = outPath
            self.errPath = errPath
        }

        package func wait() -> Result {
            process.waitUntilExit()
            defer { try? FileManager.default.removeItem(atPath: outPath); try? FileManager.default.removeItem(atPath: errPath) }
            return Result(status: process.terminationStatus,
                          stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                          stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
        }
    }

    package static func start(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
                              executable: String = executable) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.environment = Self.environment(environment)
        let base = FileManager.default.temporaryDirectory.path + "/rlcm-cli-" + UUID().uuidString
        _ = FileManager.default.createFile(atPath: base + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: base + ".err", contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: base + ".out")
        process.standardError = FileHandle(forWritingAtPath: base + ".err")
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Running(process: process, outPath: base + ".out", errPath: base + ".err")
    }
}

/// A digest of every file and folder below `root` (hidden ones and rlcm's state included), to
/// prove that a failed command changed nothing.
package func treeDigest(_ root: String) -> [String: String] {
    var digest: [String: String] = [:]
    let enumerator = FileManager.default.enumerator(atPath: root)
    while let relative = enumerator?.nextObject() as? String {
        let path = root + "/" + relative
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        digest[relative] = isDirectory.boolValue ? "folder" : Hashing.sha256(readAll(path))
    }
    return digest
}

/// The shared order-sync fixture: a small project in the real package format.
package enum OrderSync {
    package static let folder = SchemaValidator.orderSyncFixture.path
    /// The package key its recipes use for the "Acme ERP" connector.
    package static let packageKey = "acme_erp__connector_4711_1767225600"

    /// Zips the fixture the way Workato would send it (Info-ZIP `zip -r`).
    package static func zip(to path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        let result = try runTool("zip", ["-qr", path, "."], in: folder)
        precondition(result.status == 0, result.output)
    }

    /// A sandbox workspace at `root` whose project "Order Sync" is the fixture, with "Acme ERP"
    /// in the store at versions 1...`versions` (`released` released) and the recipes' keys
    /// rewritten to the store's key. Returns the store key.
    @discardableResult
    package static func sandbox(at root: String, versions: Int = 3, released: Int? = 3, environment: String = "sandbox") throws -> String {
        try CLI.run(["init", root, "--environment", environment]).check()
        try FileManager.default.copyItem(atPath: folder, toPath: root + "/Order Sync")
        let code = folder + "/acme_erp.custom_adapter.rb"
        for name in ["json", "rb", "png"] { try FileManager.default.removeItem(atPath: root + "/Order Sync/acme_erp.custom_adapter." + name) }
        for version in 1...max(versions, 1) {
            let variant = root + "/.v\(version).rb"
            try (String(contentsOfFile: code, encoding: .utf8) + "\n# version \(version)\n").write(toFile: variant, atomically: true, encoding: .utf8)
            var arguments = ["connector", "push", "-C", root, "--title", "Acme ERP", "--code", variant, "--note", "Acme ERP version \(version)"]
            if version == 1 { arguments += ["--logo", folder + "/acme_erp.custom_adapter.png"] }
            if version == released { arguments.append("--release") }
            try CLI.run(arguments).check()
            try FileManager.default.removeItem(atPath: variant)
        }
        let show = try CLI.run(["connector", "show", "Acme ERP", "-C", root, "--json"]).check()
        let key = (try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as! [String: Any])["provider_key"] as! String
        try rewriteKeys(in: root + "/Order Sync", to: key)
        return key
    }

    /// Points the recipes and connections of a copy of the fixture at `key` instead of the
    /// package's, as a user would point them at the workspace's connector.
    package static func rewriteKeys(in copy: String, to key: String) throws {
        let enumerator = FileManager.default.enumerator(atPath: copy)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".json") else { continue }
            let path = copy + "/" + relative
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try text.replacingOccurrences(of: packageKey, with: key).write(toFile: path, atomically: true, encoding: .utf8)
        }
    }
}

extension CLI.Result {
    /// Fails the calling test setup when the command did not succeed.
    @discardableResult
    package func check(_ file: StaticString = #filePath, _ line: UInt = #line) throws -> CLI.Result {
        guard status == 0 else { throw CLIFailure(description: "rlcm exited \(status): \(stderr)\(stdout)") }
        return self
    }
}

package struct CLIFailure: Error, CustomStringConvertible {
    package let description: String

    package init(description: String) { self.description = description }
}
