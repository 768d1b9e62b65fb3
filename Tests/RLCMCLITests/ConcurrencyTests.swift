import Foundation
import Glibc
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// Real `rlcm` processes side by side on one workspace: they never interleave, a busy workspace
/// fails after a bounded wait naming the holder, and a lock left by a killed process is recovered.
@Suite("Concurrency: parallel rlcm processes on one workspace", .serialized)
struct ConcurrencyTests {
    static func connector(_ root: String) throws -> [String: Any] {
        let show = try CLI.run(["connector", "show", "Acme ERP", "-C", root, "--json"]).check()
        return try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as! [String: Any]
    }

    static func versions(_ root: String) throws -> [[String: Any]] {
        let folder = root + "/.rlcm/connectors"
        let id = try FileSystem.children(folder).first { FileSystem.isDirectory(folder + "/" + $0) }!
        let state = try JSONSerialization.jsonObject(with: Data(readAll("\(folder)/\(id)/connector.json"))) as! [String: Any]
        return state["versions"] as! [[String: Any]]
    }

    static func subtree(_ digest: [String: String], _ prefix: String) -> [String: String] {
        digest.filter { $0.key.hasPrefix(prefix + "/") }.reduce(into: [:]) { $0[String($1.key.dropFirst(prefix.count + 1))] = $1.value }
    }

    @Test("4 imports, 2 connector pushes and an export at once never interleave")
    func parallelCommandsSerialise() throws {
        let dir = TempDir()
        let root = dir.path + "/prod"
        try ImportFixtures.productionWithEarlierImport(at: root, scratch: dir.path)
        let packages = try (1...4).map { variant -> String in
            let path = dir.path + "/variant-\(variant).zip"
            try ImportFixtures.package(at: path, variant: variant, extraRecipes: 10 * variant)
            return path
        }
        let codes = try (1...2).map { index -> String in
            let path = dir.path + "/pushed-\(index).rb"
            try (String(contentsOfFile: OrderSync.folder + "/acme_erp.custom_adapter.rb", encoding: .utf8) + "\n# pushed \(index)\n")
                .write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        // What each import writes, from serial imports into a copy.
        let serial = dir.path + "/serial"
        try ImportFixtures.copy(root, to: serial)
        for (index, package) in packages.enumerated() {
            try CLI.run(["import", package, "--into", "Project \(index + 1)", "-C", serial], environment: ImportFixtures.environment).check()
        }
        let serialDigest = treeDigest(serial)

        var list: [[String]] = packages.enumerated().map { ["import", $1, "--into", "Project \($0 + 1)", "-C", root] }
        list += codes.enumerated().map { ["connector", "push", "-C", root, "--title", "Acme ERP", "--code", $1, "--note", "pushed \($0 + 1)"] }
        list.append(["export", "Order Sync", "-C", root, "--output", dir.path + "/exported.zip"])
        let commands = list
        let results = Collected<(Int, CLI.Result)>()
        let spans = Collected<(start: Date, end: Date)>()
        onSeparateThreads(commands.count) { index in
            do {
                let start = Date()
                let result = try CLI.run(commands[index] + ["--lock-timeout", "120"], environment: ImportFixtures.environment)
                spans.append((start, Date()))
                results.append((index, result))
            } catch {
                results.append((index, CLI.Result(status: -1, stdout: "", stderr: "\(error)")))
            }
        }
        #expect(results.all.count == commands.count)
        for (index, result) in results.all {
            #expect(result.status == 0, "\(commands[index].prefix(2).joined(separator: " ")) failed: \(result.stderr)")
        }
        // The processes really ran side by side (so the lock, not luck, kept them apart).
        let all = spans.all
        let overlapping = all.indices.flatMap { i in all.indices.filter { $0 > i }.map { (i, $0) } }
            .filter { all[$0.0].start < all[$0.1].end && all[$0.1].start < all[$0.0].end }.count
        #expect(overlapping >= commands.count - 1, "only \(overlapping) pairs of commands overlapped in time")

        // Every import's files are complete, exactly as a serial import wrote them.
        let digest = treeDigest(root)
        for project in 1...4 {
            let name = "Project \(project)"
            #expect(Self.subtree(digest, name) == Self.subtree(serialDigest, name), "\(name) differs from a serial import")
            #expect(Self.subtree(digest, name + "/extra").filter { $0.value != "folder" }.count == 10 * project)
        }
        #expect(!FileManager.default.fileExists(atPath: root + "/.rlcm/txn"))

        // The connector gained one version per import and push, numbered without gaps or duplicates.
        let versions = try Self.versions(root)
        #expect(versions.map { $0["version_no"] as! Int } == Array(1...7))
        let sources = versions.compactMap { ($0["source"] as? [String: Any])?["package_sha256"] as? String }
        #expect(Set(sources).count == sources.count, "an import added two versions")
        #expect(sources.count == 5, "the earlier import and the four parallel ones each added one version")
        let codeHashes = try versions.map { version -> String in
            let folder = root + "/.rlcm/connectors"
            let id = try FileSystem.children(folder).first { FileSystem.isDirectory(folder + "/" + $0) }!
            return Hashing.sha256(readAll("\(folder)/\(id)/v\(version["version_no"] as! Int).rb"))
        }
        #expect(Set(codeHashes).count == 7, "every version holds a different code")

        // The history has each import once, and each names the version it made.
        // (Beside the records, `projects/` holds what the imports left in each project.)
        let history = try FileSystem.children(root + "/.rlcm/history").filter { $0.hasSuffix(".json") }
        #expect(history.count == 5)
        var made: [Int] = []
        for file in history {
            let record = try JSONSerialization.jsonObject(with: Data(readAll(root + "/.rlcm/history/" + file))) as! [String: Any]
            made += (record["connector_versions"] as! [[String: Any]]).map { $0["version_no"] as! Int }
        }
        #expect(Set(made).count == 5 && made.allSatisfy { (1...7).contains($0) })

        // The export saw one consistent workspace: it is a whole package.
        let listing = try runTool("unzip", ["-Z1", dir.path + "/exported.zip"])
        #expect(listing.status == 0)
        #expect(listing.output.contains("orders/notify_ops_channel.recipe.json"))
    }

    /// Starts `rlcm export --manifest FIFO`: it takes the lock, then blocks reading the manifest until
    /// someone opens the FIFO for writing — a real holder that holds for as long as the test wants.
    /// (A package that is a FIFO is refused at once: packages are opened without blocking.)
    static func startBlockedHolder(_ root: String, dir: TempDir) throws -> (CLI.Running, fifo: String) {
        let fifo = dir.path + "/blocked.json"
        #expect(mkfifo(fifo, 0o644) == 0)
        let holder = try CLI.start(["export", "--manifest", fifo, "-o", dir.path + "/held.zip", "-C", root])
        let deadline = Date().addingTimeInterval(20)
        while readAll(root + "/.rlcm/lock").isEmpty && Date() < deadline { usleep(20_000) }
        return (holder, fifo)
    }

    @Test("A busy workspace: a short --lock-timeout fails naming the holder; a longer one waits", .timeLimit(.minutes(2)))
    func busyWorkspaceNamesTheHolder() throws {
        let dir = TempDir()
        let root = dir.path + "/prod"
        try ImportFixtures.productionWithEarlierImport(at: root, scratch: dir.path)
        let package = dir.path + "/update.zip"
        try ImportFixtures.package(at: package, variant: 1, extraRecipes: 2)
        let before = treeDigest(root)
        let (holder, fifo) = try Self.startBlockedHolder(root, dir: dir)
        let pid = holder.process.processIdentifier
        defer { if holder.process.isRunning { kill(pid, SIGKILL); _ = holder.wait() } }

        for (arguments, environment) in [(["import", package, "--into", "Order Sync", "--lock-timeout", "0.5"], [String: String]()),
                                         (["connector", "list"], ["RLCM_LOCK_TIMEOUT": "0.5"]),
                                         (["export", "Order Sync", "--output", dir.path + "/x.zip", "--lock-timeout", "0.5"], [:])] {
            let start = Date()
            let second = try CLI.run(arguments + ["-C", root], environment: environment)
            let waited = Date().timeIntervalSince(start)
            #expect(second.status != 0)
            #expect(second.stderr.contains("rlcm export (pid \(pid), since "), "\(arguments[0]): \(second.stderr)")
            #expect(waited >= 0.45 && waited < 10, "\(arguments[0]) waited \(waited) s")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/x.zip"))

        // A command given time waits for the holder and then runs.
        let waiter = try CLI.start(["import", package, "--into", "Order Sync", "-C", root, "--lock-timeout", "60"], environment: ImportFixtures.environment)
        usleep(300_000)
        #expect(waiter.process.isRunning)
        // Ending the holder is simplest: the kernel drops its lock.
        kill(pid, SIGKILL)
        _ = holder.wait()
        #expect(holder.diedBySIGKILL)
        unlink(fifo)
        let waited = waiter.wait()
        #expect(waited.status == 0, "\(waited.stderr)")
        #expect(treeDigest(root) != before)
        #expect(readAll(root + "/.rlcm/lock").isEmpty, "a holder that finishes clears its record")
    }

    @Test("A lock left by a killed import is recovered at once and its transaction rolled back")
    func staleLockRecovered() throws {
        let dir = TempDir()
        let root = dir.path + "/prod"
        try ImportFixtures.productionWithEarlierImport(at: root, scratch: dir.path)
        let package = dir.path + "/update.zip"
        try ImportFixtures.package(at: package, variant: 1, extraRecipes: 20)
        let before = treeDigest(root)

        // Killed mid-way through the renames: the journal is written, some files are replaced.
        let killed = try CLI.start(["import", package, "--into", "Order Sync", "-C", root],
                                   environment: ImportFixtures.environment.merging(["RLCM_CRASH_AFTER_STEPS": "40"]) { $1 })
        _ = killed.wait()
        #expect(killed.diedBySIGKILL)
        #expect(FileManager.default.fileExists(atPath: root + "/.rlcm/txn"), "the killed import left its transaction")
        #expect(treeDigest(root) != before, "the kill came after some renames")
        #expect(String(decoding: readAll(root + "/.rlcm/lock"), as: UTF8.self).contains("rlcm import (pid \(killed.process.processIdentifier)"))

        let start = Date()
        let next = try CLI.run(["connector", "list", "-C", root, "--lock-timeout", "0"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(next.stderr.contains("rolled back 1 interrupted change"), "\(next.stderr)")
        #expect(next.stderr.contains("rlcm import (pid \(killed.process.processIdentifier)"), "\(next.stderr)")
        #expect(treeDigest(root) == before)

        // And the workspace works: the same import now succeeds.
        try CLI.run(["import", package, "--into", "Order Sync", "-C", root, "--lock-timeout", "0"], environment: ImportFixtures.environment).check()
    }
}
