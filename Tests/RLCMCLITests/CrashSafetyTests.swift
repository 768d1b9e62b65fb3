import Foundation
import Glibc
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// Kills real `rlcm import` and `rlcm rollback` processes at every durability step of their
/// transaction, and imports at random instants from outside, and checks what the next command
/// sees: the workspace exactly as before the command or exactly as after a clean run of it —
/// never a mix.
@Suite("Crash safety: a killed import or rollback leaves the workspace as before or as after", .serialized)
struct CrashSafetyTests {
    /// A production workspace holding an earlier import, a command to run on it (`-C` is added),
    /// and the trees before and after a clean run of that command.
    final class Scenario: Sendable {
        let dir = TempDir()
        let base: String
        let command: [String]
        let before: [String: String]
        let after: [String: String]
        let cleanSeconds: Double

        /// Importing an update: it overwrites three recipes and the connector's state, adds 40
        /// recipes in a new folder, a connector version, undo data and a history record.
        static func importingUpdate() throws -> Scenario {
            try Scenario { dir, base in
                let package = dir + "/update.zip"
                try ImportFixtures.package(at: package, variant: 1, extraRecipes: 40)
                return ["import", package, "--into", "Order Sync"]
            }
        }

        /// Rolling that update back: it puts the three recipes and the connector's record back,
        /// removes the 40 recipes, their folder and the connector version, and records itself.
        static func rollingBackUpdate() throws -> Scenario {
            try Scenario { dir, base in
                let package = dir + "/update.zip"
                try ImportFixtures.package(at: package, variant: 1, extraRecipes: 40)
                let imported = try CLI.run(["import", package, "--into", "Order Sync", "-C", base, "--json"], environment: ImportFixtures.environment).check()
                let id = try #require(try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [String: Any])["id"] as? String
                return ["rollback", try #require(id)]
            }
        }

        /// `prepare` readies the base workspace (given the scratch folder and the base) and says what to run.
        init(prepare: (String, String) throws -> [String]) throws {
            base = dir.path + "/base"
            try ImportFixtures.productionWithEarlierImport(at: base, scratch: dir.path)
            command = try prepare(dir.path, base)
            before = treeDigest(base)
            let clean = dir.path + "/clean"
            try ImportFixtures.copy(base, to: clean)
            let start = Date()
            try CLI.run(command + ["-C", clean], environment: ImportFixtures.environment).check()
            cleanSeconds = Date().timeIntervalSince(start)
            after = treeDigest(clean)
            try? FileManager.default.removeItem(atPath: clean)
        }

        enum Seen: Equatable { case before, after, mix([String]) }

        /// Runs a read command (which recovers first) on `root` and says which state it left.
        func settle(_ root: String) throws -> Seen {
            let read = try CLI.run(["recipe", "list", "-C", root, "--lock-timeout", "0"], environment: ImportFixtures.environment)
            guard read.status == 0 else { throw CLIFailure(description: "recovery read failed: \(read.stderr)") }
            let digest = treeDigest(root)
            if digest == before { return .before }
            if digest == after { return .after }
            let keys = Set(digest.keys).union(before.keys).union(after.keys)
            return .mix(keys.filter { digest[$0] != before[$0] && digest[$0] != after[$0] }.sorted())
        }
    }

    struct Outcome {
        var point: Int
        var killed: Bool
        var exitStatus: Int32
        var seen: Scenario.Seen
    }

    @Test("An import killed by RLCM_CRASH_AFTER_STEPS at every step: before or after, at >= 50 points")
    func importKilledAtEveryStep() throws {
        let scenario = try Scenario.importingUpdate()
        #expect(scenario.after.keys.contains { $0.hasPrefix("Order Sync/extra/") })
        try Self.killAtEveryStep(scenario)
    }

    @Test("A rollback killed by RLCM_CRASH_AFTER_STEPS at every step: before or after, at >= 50 points")
    func rollbackKilledAtEveryStep() throws {
        let scenario = try Scenario.rollingBackUpdate()
        #expect(scenario.before.keys.contains { $0.hasPrefix("Order Sync/extra/") })
        #expect(!scenario.after.keys.contains { $0.hasPrefix("Order Sync/extra") })
        try Self.killAtEveryStep(scenario)
    }

    /// Runs the scenario's command with a countdown of 0, 1, 2, ... steps until one outlives it.
    static func killAtEveryStep(_ scenario: Scenario) throws {
        #expect(scenario.before != scenario.after)

        let results = Collected<Outcome>()
        var next = 0
        var finished = false
        let batch = 4
        while !finished {
            let points = Array(next..<next + batch)
            next += batch
            DispatchQueue.concurrentPerform(iterations: points.count) { index in
                let point = points[index]
                let root = scenario.dir.path + "/kill-\(point)"
                do {
                    try ImportFixtures.copy(scenario.base, to: root)
                    defer { try? FileManager.default.removeItem(atPath: root) }
                    var env = ImportFixtures.environment
                    env["RLCM_CRASH_AFTER_STEPS"] = String(point)
                    let running = try CLI.start(scenario.command + ["-C", root], environment: env)
                    let result = running.wait()
                    results.append(Outcome(point: point, killed: running.diedBySIGKILL, exitStatus: result.status, seen: try scenario.settle(root)))
                } catch {
                    results.append(Outcome(point: point, killed: false, exitStatus: -1, seen: .mix(["\(error)"])))
                }
            }
            // Once a run outlives its countdown, every later point does too: the import has fewer steps.
            finished = results.all.contains { !$0.killed } || next > 1000
        }
        let outcomes = results.all.sorted { $0.point < $1.point }
        let killed = outcomes.filter(\.killed)
        for outcome in outcomes {
            if case .mix(let paths) = outcome.seen {
                Issue.record("killed after \(outcome.point) steps: the workspace is a mix; differing: \(paths.prefix(10))")
            }
            if !outcome.killed {
                #expect(outcome.exitStatus == 0, "'\(scenario.command[0])' with a countdown of \(outcome.point) neither died nor succeeded")
                #expect(outcome.seen == .after)
            }
        }
        // Every point below the step count killed the process; the first one that did not is past the end.
        let steps = outcomes.first { !$0.killed }?.point ?? 0
        #expect(killed.count == steps, "every countdown below \(steps) must have killed '\(scenario.command[0])'")
        #expect(killed.count >= 50, "only \(killed.count) distinct kill points")
        #expect(killed.contains { $0.seen == .before })
        // Killed after the journal was removed (the commit point), the next command only clears leftovers.
        #expect(killed.contains { $0.seen == .after })
        print("crash safety of \(scenario.command[0]): \(killed.count) kill points, \(killed.filter { $0.seen == .before }.count) rolled back, \(killed.filter { $0.seen == .after }.count) kept")
    }

    @Test("Killed before its transaction folder existed: the empty .rlcm/txn it left is removed")
    func emptyTransactionsFolderIsRemoved() throws {
        let dir = TempDir()
        let root = dir.path + "/prod"
        try ImportFixtures.productionWithEarlierImport(at: root, scratch: dir.path)
        let before = treeDigest(root)
        // Found by the random kills: SIGKILL between creating `.rlcm/txn` and `.rlcm/txn/<id>`.
        try FileManager.default.createDirectory(atPath: root + "/.rlcm/txn", withIntermediateDirectories: false)
        try CLI.run(["recipe", "list", "-C", root]).check()
        #expect(treeDigest(root) == before)
    }

    @Test("Killed by an outside SIGKILL at 20 random instants: before or after")
    func killedAtRandomInstants() throws {
        let scenario = try Scenario.importingUpdate()
        var generator = SeededGenerator(seed: 0xC0FFEE)
        // Spread the kills over the whole run of a clean import (process start included).
        let span = max(scenario.cleanSeconds, 0.05) * 1.2
        let delays = (0..<20).map { _ in Double.random(in: 0..<span, using: &generator) }
        let results = Collected<Outcome>()
        DispatchQueue.concurrentPerform(iterations: 2) { lane in
            for index in stride(from: lane, to: delays.count, by: 2) {
                let root = scenario.dir.path + "/random-\(index)"
                do {
                    try ImportFixtures.copy(scenario.base, to: root)
                    defer { try? FileManager.default.removeItem(atPath: root) }
                    let running = try CLI.start(scenario.command + ["-C", root], environment: ImportFixtures.environment)
                    usleep(UInt32(delays[index] * 1_000_000))
                    kill(running.process.processIdentifier, SIGKILL)
                    let result = running.wait()
                    results.append(Outcome(point: index, killed: running.diedBySIGKILL, exitStatus: result.status, seen: try scenario.settle(root)))
                } catch {
                    results.append(Outcome(point: index, killed: false, exitStatus: -1, seen: .mix(["\(error)"])))
                }
            }
        }
        let outcomes = results.all
        #expect(outcomes.count == 20)
        for outcome in outcomes {
            if case .mix(let paths) = outcome.seen {
                Issue.record("killed at \(String(format: "%.3f", delays[outcome.point])) s: the workspace is a mix; differing: \(paths.prefix(10))")
            }
            if !outcome.killed {
                #expect(outcome.exitStatus == 0)
                #expect(outcome.seen == .after)
            }
        }
        #expect(outcomes.filter(\.killed).count >= 5, "too few runs were killed before they finished")
        print("random kills: \(outcomes.filter(\.killed).count) killed, \(outcomes.filter { $0.seen == .before }.count) before, \(outcomes.filter { $0.seen == .after }.count) after")
    }
}
