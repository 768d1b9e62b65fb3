import Foundation
import Glibc
import RLCMTestSupport
@testable import RLCMKit

/// A copy of the sample production workspace served by a real `rlcm serve`, the sample package
/// (`rlcm export "Order Sync"` of the sample sandbox), a remote named `prod` in a config folder
/// of the test's own, and every `rlcm` run's output kept, so that a test can show the token
/// appears in none of it.
final class RemoteFixture {
    let dir = TempDir()
    let root: String
    let package: String
    let token: String
    let server: LiveServer
    /// The stdout and stderr of every `rlcm` run through `rlcm(_:)`.
    private(set) var outputs: [String] = []
    /// Fixed, so that local and remote plans choose the same keys for new connectors.
    static let now = "1795500000"

    init() throws {
        root = dir.path + "/production"
        package = dir.path + "/order-sync.zip"
        let samples = SchemaValidator.repoRoot.appendingPathComponent("SampleManifests").path
        try FileManager.default.copyItem(atPath: samples + "/production", toPath: root)
        try FileManager.default.copyItem(atPath: samples + "/sandbox", toPath: dir.path + "/sandbox")
        try CLI.run(["export", "Order Sync", "-C", dir.path + "/sandbox", "-o", package], environment: Self.base(dir)).check()
        // The one output that shows the token: its creation.
        let created = try CLI.run(["token", "create", "ci", "-C", root, "--json"], environment: Self.base(dir)).check()
        token = (try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as! [String: Any])["token"] as! String
        server = try LiveServer(root: root, token: token, environment: Self.base(dir))
        try rlcm(["remote", "add", "prod", server.url]).check()
    }

    deinit { server.stop() }

    private static func base(_ dir: TempDir) -> [String: String] {
        ["RLCM_NOW": now, "RLCM_CACHE_DIR": dir.path + "/cache", "XDG_CONFIG_HOME": dir.path + "/config", "WORKATO_API_TOKEN": ""]
    }

    /// The environment of the test's `rlcm` runs: its config folder, the token, a fixed time.
    var environment: [String: String] { Self.base(dir).merging(["WORKATO_API_TOKEN": token]) { _, new in new } }

    /// Runs `rlcm`, keeping its output.
    @discardableResult
    func rlcm(_ arguments: [String], environment extra: [String: String] = [:], in directory: String? = nil) throws -> CLI.Result {
        let result = try CLI.run(arguments, in: directory ?? dir.path, environment: environment.merging(extra) { _, new in new })
        outputs += [result.stdout, result.stderr]
        return result
    }

    /// The server's access lines so far (`GET /api/users/me 200 1.2ms`).
    var accessLog: [String] {
        ((try? String(contentsOfFile: server.running.errPath, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// A digest of the served workspace without the server's own state (manifests and jobs that
    /// reading the remote leaves) and the lock: what an import would change.
    var workspaceDigest: [String: String] {
        treeDigest(root).filter { !$0.key.hasPrefix(".rlcm/server") && $0.key != ".rlcm/lock" }
    }

    /// A JSON document of the output as a dictionary, without the keys named.
    static func object(_ json: String, without keys: [String] = []) throws -> NSDictionary {
        guard var object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { throw TestFailure("not a JSON object: \(json)") }
        for key in keys { object[key] = nil }
        return object as NSDictionary
    }
}

/// A small HTTP server in Python between `rlcm` and `rlcm serve`: it answers the first
/// `limited` requests with `429` and `Retry-After: 1`, passes the others on, and records every
/// request (method, path with query, content type, JSON body) as a JSON line.
final class RecordingProxy {
    let process: Process
    let url: String
    let log: String

    init(upstream: LiveServer, limited: Int, in dir: TempDir) throws {
        log = dir.file("proxy-\(UUID().uuidString).jsonl")
        let script = dir.file("proxy.py")
        try Self.script.write(toFile: script, atomically: true, encoding: .utf8)
        let portFile = dir.file("proxy-\(UUID().uuidString).port")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, String(upstream.port), String(limited), log, portFile]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, (try? String(contentsOfFile: portFile, encoding: .utf8))?.hasSuffix("\n") != true { usleep(20_000) }
        guard let port = (try? String(contentsOfFile: portFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines), !port.isEmpty else {
            kill(process.processIdentifier, SIGKILL)
            throw TestFailure("the proxy did not start")
        }
        url = "http://127.0.0.1:\(port)"
    }

    /// SIGKILL: the test process's blocked signals are inherited, so a SIGTERM would stay pending.
    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    struct Request: Decodable {
        var time: Double
        var method: String
        var path: String
        var contentType: String?
        var body: String?
        var answered: String
        enum CodingKeys: String, CodingKey { case time, method, path, contentType = "content_type", body, answered }
    }

    var requests: [Request] {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
            try? JSONDecoder().decode(Request.self, from: Data($0.utf8))
        }
    }

    static let script = #"""
        import http.client, http.server, json, sys, threading, time
        upstream, limited, log_path, port_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
        lock, seen = threading.Lock(), [0]

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                kind = self.headers.get("Content-Type")
                with lock:
                    seen[0] += 1
                    limit = seen[0] <= limited
                    text = body.decode() if body and kind and kind.startswith("application/json") else None
                    with open(log_path, "a") as log:
                        log.write(json.dumps({"time": time.time(), "method": self.command, "path": self.path, "content_type": kind,
                                              "body": text, "answered": "429" if limit else "passed"}) + "\n")
                if limit:
                    self.reply(429, [("Retry-After", "1"), ("Content-Type", "application/json")], b'{"message": "Too many requests"}')
                    return
                connection = http.client.HTTPConnection("127.0.0.1", upstream, timeout=120)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                connection.request(self.command, self.path, body=body or None, headers=headers)
                response = connection.getresponse()
                kept = [(k, v) for k, v in response.getheaders() if k.lower() not in ("transfer-encoding", "connection", "content-length")]
                self.reply(response.status, kept, response.read())

            def reply(self, status, headers, data):
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = answer

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        with open(port_path, "w") as out:
            out.write(f"{server.server_address[1]}\n")
        server.serve_forever()
        """#
}

/// A loopback port that accepts connections into its backlog and never answers: a stalled server.
final class StalledPort {
    let fd: Int32
    let port: UInt16

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw TestFailure("cannot listen on loopback") }
        port = UInt16(bigEndian: address.sin_port)
    }

    /// A port nothing listens on: bound, read, and closed again.
    static func closed() throws -> UInt16 {
        let listening = try StalledPort()
        close(listening.fd)
        return listening.port
    }

    deinit { close(fd) }
}
