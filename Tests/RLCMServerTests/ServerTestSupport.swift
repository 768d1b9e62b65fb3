import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import RLCMKitTestSupport
import RLCMTestSupport
import Synchronization
@testable import RLCMFormat
@testable import RLCMKit
@testable import RLCMServer

/// The tests' Python (`TestPython`): the contract validator's jsonschema and PyYAML, and the
/// platform's official client, from `Tests/python-requirements.txt`.
enum PythonEnvironment {
    static func bin(_ tool: String) throws -> String {
        (try TestPython.executable() as NSString).deletingLastPathComponent + "/" + tool
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Every answer a test received, validated in one run of `Tests/Support/openapi_validate.py`
/// against `Schemas/workato-api.openapi.yaml`; also which of the document's operations they cover.
final class ContractRecorder: Sendable {
    struct Record: Codable {
        var method: String
        var path: String
        var status: Int
        var body: String
        var unrouted = false
        var binary = false
    }

    private let records = Mutex<[Record]>([])

    func add(_ record: Record) { records.withLock { $0.append(record) } }

    struct Verdict: Decodable {
        var problems: [String]
        var covered: [String]
        var operations: [String]
    }

    func validate() throws -> Verdict {
        let scratch = TempDir()
        let file = scratch.file("records.json")
        try JSONEncoder().encode(records.withLock { $0 }).write(to: URL(fileURLWithPath: file))
        let support = SchemaValidator.repoRoot.appendingPathComponent("Tests/Support").path
        let document = SchemaValidator.repoRoot.appendingPathComponent("Schemas/workato-api.openapi.yaml").path
        let result = try runTool(try PythonEnvironment.bin("python"), ["-c", Self.driver, support, document, file])
        guard result.status == 0, let verdict = try? JSONDecoder().decode(Verdict.self, from: Data(result.output.utf8)) else {
            throw TestFailure("the contract validator failed: \(result.output)")
        }
        return verdict
    }

    /// Reads the records, validates each with the validator's own functions, and lists the
    /// document's operations and those the records exercised.
    static let driver = """
        import json, sys
        sys.path.insert(0, sys.argv[1])
        import openapi_validate as v
        doc = v.load_document(sys.argv[2])
        out = {"problems": [], "covered": [], "operations": []}
        for r in json.load(open(sys.argv[3])):
            label = f'{r["method"]} {r["path"]} {r["status"]}'
            try:
                if r["binary"]:
                    response, _, _ = v.find_response(doc, r["method"], r["path"], str(r["status"]), False)
                    if "application/zip" not in response.get("content", {}):
                        out["problems"].append(label + ": the document does not describe a zip answer")
                else:
                    _, problems = v.validate_response(doc, r["method"], r["path"], str(r["status"]), r["body"], r["unrouted"])
                    out["problems"] += [label + ": " + p for p in problems]
            except v.UsageError as error:
                out["problems"].append(label + ": " + str(error))
                continue
            template = v.match_path(doc, r["path"])
            if template and not r["unrouted"]:
                out["covered"].append(r["method"].lower() + " " + template)
        for path, item in doc["paths"].items():
            out["operations"] += [m + " " + path for m in v.HTTP_METHODS if m in item]
        print(json.dumps(out))
        """
}

/// A copy of the order-sync sandbox served in-process (HummingbirdTesting's router client),
/// with a token; every answer goes to the recorder.
final class ServedSandbox: Sendable {
    let dir = TempDir()
    let root: String
    let token: String
    let recorder = ContractRecorder()
    let limits: ServeConfiguration.Limits
    /// The server's run, its files in the sandbox's folder. On the system clock: imports of the
    /// same package a moment apart must get import ids of their own, as on a real server.
    let environment: RunEnvironment

    init(versions: Int = 1, limits: ServeConfiguration.Limits = .init()) throws {
        self.limits = limits
        var environment = RunEnvironment.testing(in: dir.path)
        environment.clock = { Date() }
        self.environment = environment
        root = dir.path + "/sandbox"
        try OrderSync.sandbox(at: root, versions: versions, released: versions)
        token = try ServerStore(workspaceRoot: root, clock: environment.clock).createToken(name: "test").token
    }

    var configuration: ServeConfiguration {
        var configuration = ServeConfiguration(workspaceRoot: root)
        configuration.port = 0
        configuration.limits = limits
        return configuration
    }

    /// Runs `body` with a client of a freshly built server on this workspace.
    func withClient<T: Sendable>(_ body: @Sendable (APIClient) async throws -> T) async throws -> T {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let app = try buildApplication(configuration, environment: environment, logger: logger)
        return try await app.test(.router) { client in try await body(APIClient(client: client, token: token, recorder: recorder)) }
    }
}

/// Calls the API as a client would, recording every answer for the contract check.
struct APIClient: Sendable {
    let client: any TestClientProtocol
    let token: String?
    let recorder: ContractRecorder

    struct Answer: Sendable {
        var status: Int
        var headers: HTTPFields
        var body: [UInt8]
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var array: [[String: Any]] { json as? [[String: Any]] ?? [] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// `unrouted`: the answer is a 404/405 for a path or method the document does not serve.
    @discardableResult
    func call(_ method: HTTPRequest.Method, _ path: String, json: Any? = nil, bytes: [UInt8]? = nil, contentType: String? = nil,
              headers extra: HTTPFields = [:], unrouted: Bool = false) async throws -> Answer {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
            headers[.contentType] = "application/json"
        } else if let bytes {
            body = ByteBuffer(bytes: bytes)
            headers[.contentType] = contentType ?? "application/octet-stream"
        }
        let response = try await client.executeRequest(uri: path, method: method, headers: headers, body: body)
        let answer = Answer(status: Int(response.status.code), headers: response.headers, body: Array(buffer: response.body))
        let binary = response.headers[.contentType] == "application/zip"
        recorder.add(.init(method: method.rawValue, path: path, status: answer.status, body: binary ? "" : answer.text,
                           unrouted: unrouted, binary: binary))
        return answer
    }

    /// Polls a package job until it is no longer `in_progress`, as the official clients do.
    func finished(job id: Int, timeout: Double = 60) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let job = try await call(.get, "/api/packages/\(id)").object
            if job["status"] as? String != "in_progress" { return job }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("package job \(id) still in_progress after \(timeout) s")
    }
}
