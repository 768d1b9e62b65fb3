import Foundation
import RLCMTestSupport
import Testing

/// `rlcm` links neither the server nor the HTTP client, so that the commands on folders and
/// packages start without loading them; `rlcm serve`, `rlcm token`, `rlcm remote` and `--remote`
/// run `rlcm-remote`, installed beside it. What crosses that hand-over (arguments, streams, exit
/// status, signals) is what the server and remote tests check through `rlcm` itself.
@Suite struct ExecutableSplitTests {
    @Test("rlcm alone in a folder runs the commands on folders and packages, and names what the others need")
    func rlcmAlone() throws {
        let temp = TempDir()
        try FileManager.default.createDirectory(atPath: temp.file("bin"), withIntermediateDirectories: true)
        let alone = temp.file("bin/rlcm")
        try FileManager.default.copyItem(atPath: CLI.executable, toPath: alone)
        let samples = SchemaValidator.repoRoot.path + "/SampleManifests"
        try FileManager.default.copyItem(atPath: samples + "/production", toPath: temp.file("production"))

        #expect(try CLI.run(["--version"], executable: alone).check().stdout == CLI.run(["--version"]).stdout)
        try CLI.run(["export", "Order Sync", "-C", samples + "/sandbox", "-o", temp.file("order-sync.zip")], executable: alone).check()
        let plan = try CLI.run(["plan", temp.file("order-sync.zip"), "--into", "Order Sync", "-C", temp.file("production"), "--restart-recipes"],
                               executable: alone).check()
        #expect(plan.stdout.hasPrefix("Plan: import"), "\(plan.stdout)")
        #expect(try CLI.run(["serve", "--help"], executable: alone).check().stdout.contains("--tls-cert"))

        let missing = "rlcm: error: this command needs rlcm-remote (the server and the HTTP client), which is not installed beside rlcm: "
            + "there is no executable \(temp.file("bin/rlcm-remote")); install rlcm-remote in the folder that holds rlcm\n"
        for arguments in [["serve", "-C", temp.file("production"), "--port", "0"],
                          ["plan", temp.file("order-sync.zip"), "--into", "Order Sync", "--remote", "production"],
                          ["token", "list", "-C", temp.file("production")],
                          ["remote", "list"]] {
            let refused = try CLI.run(arguments, executable: alone)
            #expect(refused.status == 1 && refused.stdout.isEmpty && refused.stderr == missing,
                    "rlcm \(arguments.joined(separator: " ")) exited \(refused.status): \(refused.stdout)\(refused.stderr)")
        }
    }

    @Test("rlcm and rlcm-remote parse and explain every command alike")
    func sameCommandLine() throws {
        let lean = try CLI.run(["--experimental-dump-help"]).check()
        let remote = try CLI.run(["--experimental-dump-help"], executable: CLI.remoteExecutable).check()
        #expect(!lean.stdout.isEmpty && lean.stdout == remote.stdout)
    }

    @Test("rlcm holds no code of the server's or the client's stacks; rlcm-remote does")
    func leanLinking() throws {
        // Module names as Swift mangles them into type metadata, which every linked module leaves.
        let stacks = ["11Hummingbird", "15AsyncHTTPClient", "4GRDB", "10RLCMServer", "10RLCMClient"]
        let lean = try Data(contentsOf: URL(fileURLWithPath: CLI.executable))
        let remote = try Data(contentsOf: URL(fileURLWithPath: CLI.remoteExecutable))
        for module in stacks {
            #expect(lean.range(of: Data(module.utf8)) == nil, "rlcm holds \(module)")
            #expect(remote.range(of: Data(module.utf8)) != nil, "rlcm-remote holds no \(module): the check cannot fail")
        }
    }
    @Test("libarchive is loaded by the first command that reads or writes a zip, not by every command")
    func libarchiveOnFirstUse() throws {
        let temp = TempDir()
        let package = SchemaValidator.repoRoot.path + "/SampleManifests/ops-alert.zip"
        // The dynamic loader names every library it loads on standard error when LD_DEBUG=libs.
        let loads = { (arguments: [String]) throws -> Bool in
            let result = try CLI.run(arguments, in: temp.path, environment: ["LD_DEBUG": "libs"]).check()
            return result.stderr.contains("libarchive.so")
        }
        #expect(try !loads(["--version"]), "rlcm --version loaded libarchive")
        #expect(try !loads(["init", temp.file("production")]), "rlcm init loaded libarchive")
        #expect(try !loads(["history", "-C", temp.file("production")]), "rlcm history loaded libarchive")
        #expect(try loads(["inspect", package]), "rlcm inspect loaded no libarchive: the check cannot fail")
    }
}
