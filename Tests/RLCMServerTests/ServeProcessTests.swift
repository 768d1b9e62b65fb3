import Foundation
import Glibc
import RLCMKitTestSupport
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit
@testable import RLCMServer

/// `rlcm serve` and `rlcm token` as real processes: the startup line, tokens, signals, kills.
@Suite("rlcm serve as a process", .serialized)
struct ServeProcessTests {
    /// The sandbox, a token made by the real `rlcm token create`, and a running server.
    static func served(_ dir: TempDir, arguments: [String] = [], environment: [String: String] = [:]) throws -> (root: String, server: LiveServer) {
        let root = dir.path + "/sandbox"
        try OrderSync.sandbox(at: root, versions: 1, released: 1)
        let created = try CLI.run(["token", "create", "ci", "-C", root, "--json"]).check()
        let token = try #require((try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])?["token"] as? String)
        return (root, try LiveServer(root: root, token: token, arguments: arguments, environment: environment))
    }

    @Test("The first line ends with the base URL; SIGTERM and SIGINT stop it cleanly", arguments: [SIGTERM, SIGINT])
    func startAndStop(signal: Int32) async throws {
        let dir = TempDir()
        let (_, server) = try Self.served(dir)
        #expect(server.firstLine.hasPrefix("Serving workspace 'sandbox' at http://127.0.0.1:"), "\(server.firstLine)")
        #expect(server.port != 8080 && server.port > 0)
        #expect(try await server.call("GET", "/api/users/me").status == 200)
        let ended = server.stop(signal)
        #expect(ended.status == 0, "\(ended.stderr)")
        #expect(ended.stderr.contains("GET /api/users/me 200"), "access line missing: \(ended.stderr)")
    }

    @Test("Tokens: shown once, kept as hashes, never logged; a revoked token gets 401 from the running server")
    func tokens() async throws {
        let dir = TempDir()
        let (root, server) = try Self.served(dir)
        let text = try CLI.run(["token", "create", "deploy", "-C", root]).check().stdout
        let second = try #require(text.split(separator: "\n").last.map(String.init))
        #expect(second.hasPrefix("rlcm_"))
        #expect(try await server.call("GET", "/api/projects", token: second).status == 200)
        let list = try CLI.run(["token", "list", "-C", root]).check().stdout
        #expect(list.contains("ci") && list.contains("deploy") && !list.contains(second) && !list.contains(server.token))
        #expect(try CLI.run(["token", "create", "deploy", "-C", root]).status == 1)
        try CLI.run(["token", "revoke", "deploy", "-C", root]).check()
        #expect(try await server.call("GET", "/api/projects", token: second).status == 401)
        #expect(try await server.call("GET", "/api/projects", token: "rlcm_wrong").status == 401)
        #expect(try await server.call("GET", "/api/projects").status == 200)
        let ended = server.stop()
        // The tokens appear nowhere in the workspace, the database or the log.
        var stateBytes: [UInt8] = []
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            if FileSystem.isRegularFile(root + "/" + relative) { stateBytes += readAll(root + "/" + relative) }
        }
        let everything = String(decoding: stateBytes, as: UTF8.self) + ended.stdout + ended.stderr
        #expect(!everything.contains(second) && !everything.contains(server.token))
        #expect(try String(contentsOfFile: root + "/.rlcm/.gitignore", encoding: .utf8).contains("server/"))
    }

    @Test("Plain HTTP on an address that is not loopback needs --insecure-http")
    func plainHTTPOnTheNetwork() throws {
        let dir = TempDir()
        let root = dir.path + "/ws"
        try CLI.run(["init", root]).check()
        let refused = try CLI.run(["serve", "-C", root, "--host", "0.0.0.0", "--port", "0"])
        #expect(refused.status == 1 && refused.stderr.contains("--insecure-http") && refused.stdout.isEmpty, "\(refused.stderr)")
        let half = try CLI.run(["serve", "-C", root, "--tls-cert", dir.file("none.pem"), "--port", "0"])
        #expect(half.status == 1 && half.stderr.contains("--tls-key"))
    }

    @Test("--tls-cert and --tls-key serve HTTPS that a client verifying the certificate accepts")
    func tls() throws {
        let dir = TempDir()
        let made = try runTool("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                                           "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", dir.file("key.pem"), "-out", dir.file("cert.pem")])
        #expect(made.status == 0, "\(made.output)")
        let (_, server) = try Self.served(dir, arguments: ["--tls-cert", dir.file("cert.pem"), "--tls-key", dir.file("key.pem")])
        defer { server.stop() }
        #expect(server.url.hasPrefix("https://127.0.0.1:"), "\(server.firstLine)")
        let answer = try runTool("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", dir.file("cert.pem"),
                                          "-H", "Authorization: Bearer \(server.token)", server.url + "/api/users/me"])
        #expect(answer.output == "200", "\(answer.output)")
        let plain = try runTool("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", server.url.replacingOccurrences(of: "https:", with: "http:") + "/api/users/me"])
        #expect(plain.output != "200")
    }

    @Test("A stalled client is disconnected; the server goes on answering")
    func stalledClient() async throws {
        let dir = TempDir()
        let (_, server) = try Self.served(dir, arguments: ["--idle-timeout", "1"])
        defer { server.stop() }
        let fd = try server.connect()
        defer { close(fd) }
        LiveServer.send(fd, "POST /api/packages/import/2 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(server.token)\r\nContent-Length: 1000\r\n\r\nPK")
        let started = Date()
        _ = LiveServer.readAll(fd)
        #expect(Date().timeIntervalSince(started) < 10, "the stalled connection was kept open")
        #expect(try await server.call("GET", "/api/users/me").status == 200)
    }

    @Test("A Content-Length over 100 MB is refused with 413 before the body is sent, with or without Expect: 100-continue",
          arguments: ["", "Expect: 100-continue\r\n"])
    func declaredTooLarge(expect: String) async throws {
        let dir = TempDir()
        let (root, server) = try Self.served(dir)
        defer { server.stop() }
        let fd = try server.connect()
        defer { close(fd) }
        LiveServer.send(fd, "POST /api/packages/import/2 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(server.token)\r\n"
                        + "Content-Type: application/zip\r\n\(expect)Content-Length: 200000000\r\n\r\n")
        let answer = LiveServer.readHead(fd)
        #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer)")
        #expect(try FileSystem.children(root + "/.rlcm/server/packages").isEmpty)
        #expect(try await server.call("GET", "/api/users/me").status == 200)
    }

    @Test("Expect: 100-continue gets 100 Continue, so curl sends a package at once; without a token, the 401 comes first")
    func expectContinue() async throws {
        let dir = TempDir()
        let (_, server) = try Self.served(dir)
        defer { server.stop() }
        // Over 1 MB: curl asks before sending the body, and without an answer waits its 1 s timeout.
        let body = dir.write("body.zip", pseudoRandomBytes(2 * 1024 * 1024, seed: 100))
        func curl(_ headers: [String]) throws -> String {
            try runTool("curl", ["-v", "-s", "-o", "/dev/null", "-X", "POST", "--data-binary", "@" + body, "-H", "Content-Type: application/zip"]
                        + headers.flatMap { ["-H", $0] } + [server.url + "/api/packages/import/2"]).output
        }
        let sent = try curl(["Authorization: Bearer \(server.token)"])
        #expect(sent.contains("> Expect: 100-continue") && sent.contains("< HTTP/1.1 100 Continue") && sent.contains("< HTTP/1.1 200"), "\(sent)")
        #expect(!sent.contains("Done waiting for 100-continue"), "\(sent)")
        let anonymous = try curl([])
        #expect(!anonymous.contains("100 Continue") && anonymous.contains("< HTTP/1.1 401"), "\(anonymous)")
        #expect(try await server.call("GET", "/api/users/me").status == 200)
    }

    @Test("SIGKILL during an API import: after a restart the workspace is as before or after, and the job failed as interrupted",
          arguments: [nil, 3, 10] as [Int?])
    func killedDuringImport(crashAfterSteps: Int?) async throws {
        let dir = TempDir()
        let root = dir.path + "/sandbox"
        try OrderSync.sandbox(at: root, versions: 1, released: 1)
        let token = try ServerStore(workspaceRoot: root, clock: RunEnvironment.testing(in: dir.path).clock).createToken(name: "ci").token
        let package = dir.file("edited.zip")
        try CLI.run(["export", "Order Sync", "-o", package, "-C", root]).check()
        let before = Self.digest(root)
        // Crash inside the transaction (the library's test hook) or kill from outside at once.
        let environment = crashAfterSteps.map { ["RLCM_CRASH_AFTER_STEPS": String($0)] } ?? [:]
        let server = try LiveServer(root: root, token: token, environment: environment)
        let job = try await server.call("POST", "/api/packages/import/2", body: try Data(contentsOf: URL(fileURLWithPath: package)),
                                        contentType: "application/zip").object
        let id = try #require(job["id"] as? Int)
        if crashAfterSteps != nil {
            // The import kills the server in its transaction (staging at 3 steps, renaming at 10).
            let deadline = Date().addingTimeInterval(60)
            while server.running.process.isRunning && Date() < deadline { usleep(20_000) }
            #expect(!server.running.process.isRunning, "the import finished before the crash point")
        } else {
            usleep(30_000)
        }
        let killed = server.stop(SIGKILL)
        #expect(killed.status == SIGKILL, "exit \(killed.status): \(killed.stderr)")
        let restarted = try LiveServer(root: root, token: token)
        defer { restarted.stop() }
        let after = try await restarted.call("GET", "/api/packages/\(id)").object
        let now = Self.digest(root)
        if after["status"] as? String == "failed" {
            #expect((after["error"] as? String)?.contains("interrupted") == true, "\(after)")
            #expect(now == before, "the workspace is neither as before nor as after the import")
        } else {
            #expect(after["status"] as? String == "completed" && crashAfterSteps == nil, "\(after)")
            #expect(try Workspace(root: root).locked(command: "test", environment: .testing(in: dir.path)) { try $0.history() }.imports.count == 1)
        }
        #expect(try await restarted.call("GET", "/api/recipes").status == 200)
    }

    /// The workspace's files, its rlcm state included, but not the server's own state.
    static func digest(_ root: String) -> [String: String] {
        treeDigest(root).filter { !$0.key.hasPrefix(".rlcm/server") && !$0.key.hasPrefix(".rlcm/lock") }
    }
}
