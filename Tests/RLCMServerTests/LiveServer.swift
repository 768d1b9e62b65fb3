import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Glibc
import RLCMTestSupport
@testable import RLCMFormat
@testable import RLCMKit

/// A real `rlcm serve` process on loopback, for what crosses a process: the startup line,
/// signals, kills, the official client, raw sockets.
final class LiveServer {
    let running: CLI.Running
    let url: String
    let token: String

    /// Starts the server on a free port and waits for its first line.
    init(root: String, token: String, arguments: [String] = [], environment: [String: String] = [:]) throws {
        running = try CLI.start(["serve", "-C", root, "--port", "0"] + arguments, environment: environment)
        self.token = token
        let deadline = Date().addingTimeInterval(30)
        var line = ""
        while Date() < deadline {
            line = (try? String(contentsOfFile: running.outPath, encoding: .utf8)) ?? ""
            if line.contains("\n") || !running.process.isRunning { break }
            usleep(20_000)
        }
        guard let first = line.split(separator: "\n").first, let at = first.range(of: " at ") else {
            let stderr = (try? String(contentsOfFile: running.errPath, encoding: .utf8)) ?? ""
            throw TestFailure("rlcm serve did not announce itself: \(line) \(stderr)")
        }
        firstLine = String(first)
        url = String(first[at.upperBound...])
    }

    let firstLine: String

    var port: UInt16 { UInt16(url.split(separator: ":").last!)! }

    /// Sends `signal` and waits for the process to end.
    @discardableResult
    func stop(_ signal: Int32 = SIGTERM) -> CLI.Result {
        if running.process.isRunning { kill(running.process.processIdentifier, signal) }
        return running.wait()
    }

    struct Answer {
        var status: Int
        var body: Data
        var object: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    /// One request over a real socket.
    func call(_ method: String, _ path: String, body: Data? = nil, contentType: String = "application/json",
              headers: [String: String] = [:], token: String? = nil) async throws -> Answer {
        var request = URLRequest(url: URL(string: url + path)!)
        request.httpMethod = method
        request.setValue("Bearer \(token ?? self.token)", forHTTPHeaderField: "Authorization")
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        request.timeoutInterval = 60
        let (data, response) = try await URLSession.shared.data(for: request)
        return Answer(status: (response as! HTTPURLResponse).statusCode, body: data)
    }

    /// Polls a job every `interval` seconds until it is no longer `in_progress`.
    func finished(job id: Int, interval: Double = 0.2, timeout: Double = 120) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let job = try await call("GET", "/api/packages/\(id)").object
            if job["status"] as? String != "in_progress" { return job }
            try await Task.sleep(for: .seconds(interval))
        }
        throw TestFailure("job \(id) still in_progress after \(timeout) s")
    }

    /// A raw TCP connection to the server, for clients that misbehave.
    func connect() throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw TestFailure("cannot connect to \(url)") }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    static func send(_ fd: Int32, _ text: String) { _ = text.withCString { Glibc.send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }

    /// What the server sends up to the end of the response head (or until it closes, or 20 s pass).
    static func readHead(_ fd: Int32) -> String {
        var data: [UInt8] = []
        var byte: UInt8 = 0
        while !data.suffix(4).elementsEqual(Array("\r\n\r\n".utf8)), recv(fd, &byte, 1, 0) == 1 { data.append(byte) }
        return String(decoding: data, as: UTF8.self)
    }

    /// Everything the server sends until it closes the connection (or 20 s pass).
    static func readAll(_ fd: Int32) -> String {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            data += buffer[0..<count]
        }
        return String(decoding: data, as: UTF8.self)
    }
}
