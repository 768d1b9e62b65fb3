import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// The conventions users bring from git, make and Terraform, checked on the real `rlcm`.
@Suite struct CLIConventionTests {
    /// One command of `rlcm --experimental-dump-help` (the description the man page is made from).
    struct CommandInfo {
        var path: [String]
        var discussion: String
        var takesWorkspace: Bool

        static func all() throws -> [CommandInfo] {
            let dump = try CLI.run(["--experimental-dump-help"]).check()
            let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
            return walk(try #require(root["command"] as? [String: Any]), path: nil)
        }

        /// `path` is nil for `rlcm` itself, whose name is not part of its subcommands' paths.
        private static func walk(_ command: [String: Any], path: [String]?) -> [CommandInfo] {
            let name = command["commandName"] as? String ?? ""
            guard name != "help" else { return [] }  // ArgumentParser's own
            let here = path.map { $0 + [name] } ?? []
            let options = (command["arguments"] as? [[String: Any]] ?? []).flatMap { $0["names"] as? [[String: Any]] ?? [] }
            let info = CommandInfo(path: here, discussion: command["discussion"] as? String ?? "",
                                   takesWorkspace: options.contains { $0["name"] as? String == "workspace" })
            let subcommands = command["subcommands"] as? [[String: Any]] ?? []
            return [info] + subcommands.flatMap { walk($0, path: here) }
        }
    }

    @Test("-C DIR and --workspace DIR work before the command as well as after it")
    func workspaceOptionBeforeOrAfterTheCommand() throws {
        let temp = TempDir()
        try temp.samples("production")
        let outside = try CLI.run(["history"], in: temp.path)
        #expect(outside.status == 1, "outside every workspace, history needs -C: \(outside.stderr)")

        let pairs: [(before: [String], after: [String])] = [
            (["-C", "production", "history"], ["history", "-C", "production"]),
            (["--workspace", "production", "recipe", "list"], ["recipe", "list", "--workspace", "production"]),
            (["--workspace=production", "connector", "show", "Acme ERP"], ["connector", "show", "Acme ERP", "--workspace=production"]),
            (["-C", "production", "--lock-timeout", "5", "connector", "list", "--json"], ["connector", "list", "--json", "-C", "production", "--lock-timeout", "5"]),
            (["connector", "-C", "production", "list"], ["connector", "list", "-C", "production"]),
        ]
        for (before, after) in pairs {
            let first = try CLI.run(before, in: temp.path)
            let second = try CLI.run(after, in: temp.path)
            #expect(first.status == 0, "rlcm \(before.joined(separator: " ")): \(first.stderr)")
            #expect(!first.stdout.isEmpty && first.stdout == second.stdout && first.stderr == second.stderr,
                    "rlcm \(before.joined(separator: " ")) printed\n\(first.stdout)\(first.stderr)\nbut rlcm \(after.joined(separator: " ")) printed\n\(second.stdout)\(second.stderr)")
        }
        // A workspace folder named like a command is still the option's value.
        try FileManager.default.moveItem(atPath: temp.file("production"), toPath: temp.file("history"))
        let named = try CLI.run(["-C", "history", "history"], in: temp.path)
        #expect(named.status == 0 && named.stdout == "No imports yet.\n", "\(named.stdout)\(named.stderr)")
    }

    @Test("every command that takes a workspace takes -C before its name; one that does not refuses it")
    func workspaceOptionBeforeEveryCommand() throws {
        let temp = TempDir()
        let commands = try CommandInfo.all().filter(\.takesWorkspace)
        #expect(commands.count >= 20, "\(commands.map(\.path))")
        for command in commands {
            // No arguments: each fails, on its missing arguments or on the missing workspace, but not on -C.
            let result = try CLI.run(["-C", temp.file("no-such-workspace")] + command.path, in: temp.path)
            #expect(result.status != 0 && !result.stderr.contains("Unknown option '-C'"), "rlcm -C DIR \(command.path.joined(separator: " ")): \(result.stderr)")
        }
        let inspect = try CLI.run(["-C", temp.path, "inspect", "order-sync.zip"], in: temp.path)
        #expect(inspect.status == 64 && inspect.stderr.contains("Unknown option '-C'"), "\(inspect.stderr)")
    }

    @Test func versionPrintsTheVersion() throws {
        let result = try CLI.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == rlcmVersion + "\n")
        #expect(rlcmVersion.split(separator: ".").count == 3 && rlcmVersion.split(separator: ".").allSatisfy { Int($0) != nil }, "\(rlcmVersion)")
    }

    @Test("every command's help has a discussion with an example of that command, narrow enough for an 80-column terminal")
    func everyCommandHasAnExample() throws {
        let commands = try CommandInfo.all()
        #expect(commands.count > 30)
        for command in commands {
            let invocation = (["$ rlcm"] + command.path).joined(separator: " ")
            let lines = command.discussion.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(lines.contains { $0.hasPrefix(invocation) }, "rlcm \(command.path.joined(separator: " ")) shows no example '\(invocation) …':\n\(command.discussion)")
            for line in command.discussion.split(separator: "\n") where line.contains("$ rlcm") || line.hasPrefix("    ") {
                #expect(line.count <= 78, "help would wrap this example line of rlcm \(command.path.joined(separator: " ")): \(line)")
            }
        }
    }

    @Test("scripts/docs writes the man page (generate-manual plugin) and completions that complete")
    func manPageAndCompletionsGenerate() throws {
        let temp = TempDir()
        // `swift test` holds the build folder's lock; its build is done, so the plugin's is a no-op.
        let docs = try runTool("env", ["RLCM_DOCS_PACKAGE_OPTIONS=--ignore-lock", "bash", SchemaValidator.repoRoot.path + "/scripts/docs", temp.file("out")],
                               in: SchemaValidator.repoRoot.path)
        try #require(docs.status == 0, "\(docs.output)")

        let page = try String(contentsOfFile: temp.file("out/man/rlcm.1"), encoding: .utf8)
        #expect(page.contains(".Dt RLCM 1") && page.contains(".Sh NAME") && page.contains(".Sh SYNOPSIS") && page.contains(".Sh DESCRIPTION"))
        for command in try CommandInfo.all() where !command.path.isEmpty {
            #expect(page.contains(".It Em \(command.path.last!)\n"), "the man page lacks rlcm \(command.path.joined(separator: " "))")
        }
        #expect(page.contains("$ rlcm history -C production"))

        let bash = temp.file("out/completions/rlcm.bash")
        let script = "source \"$1\"; COMP_LINE='rlcm connector sh'; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(rlcm connector sh); COMP_CWORD=2; "
            + "_rlcm rlcm sh connector; echo \"${COMPREPLY[*]}\""
        let completed = try runTool("bash", ["-c", script, "bash", bash])
        #expect(completed.status == 0 && completed.output == "show share\n", "\(completed.output)")
        #expect(try String(contentsOfFile: temp.file("out/completions/_rlcm"), encoding: .utf8).hasPrefix("#compdef rlcm"))
        #expect(try String(contentsOfFile: temp.file("out/completions/rlcm.fish"), encoding: .utf8).contains("complete -c 'rlcm'"))
    }
}
