import Foundation
import Glibc
import RLCMTestSupport
import Synchronization
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// Every hostile package class (`HostilePackages`: zips forged byte by byte, and hostile JSON
/// inside an otherwise valid package) run through the real `rlcm import` and
/// `rlcm plan` against a production workspace: non-zero exit, a message naming the problem and the
/// entry, the workspace tree unchanged, nothing created beside the package or in the temp folder,
/// and bounded peak memory.
@Suite("Hostile packages through the real rlcm import and plan", .serialized)
struct HostileImportTests {
    /// A production workspace holding an earlier import; each case works on a copy of its own, so
    /// a case that wrongly succeeds cannot spoil the others.
    final class Target: Sendable {
        let dir = TempDir()
        let base: String
        let before: [String: String]
        init() throws {
            base = dir.path + "/prod"
            try ImportFixtures.productionWithEarlierImport(at: base, scratch: dir.path)
            before = treeDigest(base)
            // A static is never deinitialised: remove the folder when the test process exits.
            Target.folder.withLock { $0 = dir.path }
            atexit { if let folder = Target.folder.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: folder) } }
        }
        static let folder = Mutex<String?>(nil)
        /// A fresh copy of the workspace, removed with `scratch`.
        func copy(in scratch: TempDir) throws -> String {
            let root = scratch.path + "/prod"
            try ImportFixtures.copy(base, to: root)
            return root
        }
    }
    static let sharedTarget = Result(catching: { try Target() })

    static func check(_ c: HostilePackages.Case, maxRSSKiB: Int = 100 * 1024) throws {
        let target = try sharedTarget.get()
        let scratch = TempDir()
        let root = try target.copy(in: scratch)
        let folder = TempDir()
        let temporary = TempDir()
        let package = folder.write("hostile.zip", c.bytes())
        let beside = try FileSystem.children(folder.path)
        for arguments in [["import", package, "--into", "Order Sync"], ["plan", package, "--into", "Order Sync"]] {
            let run = try MeasuredRun.rlcm(arguments + ["-C", root, "--lock-timeout", "30"], environment: ["TMPDIR": temporary.path])
            #expect(run.status != 0 && run.signal == 0, "\(c) \(arguments[0]): exit \(run.status), signal \(run.signal)")
            // `import` fails with an error; `plan` may instead print a plan whose problems name it.
            let message = arguments[0] == "plan" ? run.stderr + run.stdout : run.stderr
            if ProcessInfo.processInfo.environment["HOSTILE_DEBUG"] != nil { print("HOSTILE \(c) \(arguments[0]) rss=\(run.maxRSSKiB) \(message.prefix(260).replacingOccurrences(of: "\n", with: " "))") }
            if arguments[0] == "import" { #expect(run.stderr.contains("error"), "\(c) import: \(run.stderr)") }
            for word in c.expect {
                #expect(message.contains(word), "\(c) \(arguments[0]): '\(word)' not in: \(message)")
            }
            #expect(run.maxRSSKiB < maxRSSKiB, "\(c) \(arguments[0]): peak RSS \(run.maxRSSKiB) KiB")
            #expect(treeDigest(root) == target.before, "\(c) \(arguments[0]) changed the workspace")
            #expect(try FileSystem.children(folder.path) == beside, "\(c) \(arguments[0]) wrote beside the package")
            #expect(try FileSystem.children(temporary.path).isEmpty, "\(c) \(arguments[0]) left files in TMPDIR")
        }
    }

    @Test("Hostile zips are refused with nothing written", arguments: HostilePackages.zipCases)
    func hostileZip(_ c: HostilePackages.Case) throws { try Self.check(c) }

    @Test("Hostile JSON inside a valid zip is refused with nothing written", arguments: HostilePackages.jsonCases)
    func hostileJSON(_ c: HostilePackages.Case) throws { try Self.check(c) }

    @Test("A hard-link entry is refused by inspect as by plan and import, naming the entry and what it links to")
    func hardLinkInspected() throws {
        let hardLink = try #require(HostilePackages.zipCases.first { $0.name == "hard link" })
        let folder = TempDir()
        let run = try MeasuredRun.rlcm(["inspect", folder.write("linked.zip", hardLink.bytes())])
        #expect(run.status == 1 && hardLink.expect.allSatisfy(run.stderr.contains), "\(run.status): \(run.stderr)")
    }

    @Test("A nested archive is data: a 1 GiB bomb inside a valid package is never opened")
    func nestedArchiveIsData() throws {
        let target = try Self.sharedTarget.get()
        let scratch = TempDir()
        let root = try target.copy(in: scratch)
        let (stream, size) = Deflate.zeros(repeats: (1 << 30) / 65532)
        var bomb = HostileEntry("bomb.bin", [])
        bomb.method = 8; bomb.stored = stream; bomb.size = size; bomb.crc = 0
        let inner = HostileZip([bomb]).bytes()
        let folder = TempDir()
        let package = folder.write("nested.zip", HostileZip(OrderSync.files.map { HostileEntry(rawName: Array($0.0.utf8), $0.1) } + [HostileEntry("orders/inner.zip", inner)]).bytes())
        let run = try MeasuredRun.rlcm(["plan", package, "--into", "Order Sync", "-C", root])
        #expect(run.signal == 0)
        #expect(run.seconds < 1, "plan took \(run.seconds) s")
        #expect(run.maxRSSKiB < 100 * 1024, "plan peaked at \(run.maxRSSKiB) KiB")
        #expect(!run.stdout.contains("bomb.bin") && !run.stderr.contains("bomb.bin"), "the nested archive was opened")
        #expect(treeDigest(root) == target.before)
    }

    @Test("A 1 GiB-expanding bomb is refused in under a second, under 100 MB", arguments: [false, true])
    func gigabyteBomb(lyingSize: Bool) throws {
        let target = try Self.sharedTarget.get()
        let scratch = TempDir()
        let root = try target.copy(in: scratch)
        let (stream, size) = Deflate.zeros(repeats: (1 << 30) / 65532)
        #expect(size >= 1 << 30)
        var entry = HostileEntry("orders/bomb.recipe.json", [])
        entry.method = 8
        entry.stored = stream
        entry.crc = 0
        entry.size = lyingSize ? 4096 : size
        let folder = TempDir()
        let package = HostileZip([HostileEntry("orders/ok.recipe.json"), entry]).write(to: folder.file("bomb.zip"))
        for command in ["import", "plan"] {
            let run = try MeasuredRun.rlcm([command, package, "--into", "Order Sync", "-C", root])
            #expect(run.status != 0 && run.signal == 0)
            #expect(run.stderr.contains("orders/bomb.recipe.json"), "\(run.stderr)")
            #expect(run.seconds < 1, "\(command) took \(run.seconds) s")
            #expect(run.maxRSSKiB < 100 * 1024, "\(command) peaked at \(run.maxRSSKiB) KiB")
            #expect(treeDigest(root) == target.before)
        }
    }
}
