import AsyncHTTPClient
import Foundation
import RLCMFormat
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import RLCMAPI
import RLCMKit

/// The Developer API of one remote workspace over HTTP(S): every request carries the token (in
/// its `Authorization` header, which nothing logs), and the ways a request fails become errors
/// that say what to do. A `429` is retried after the `Retry-After` it gives (bounded), a `5xx`
/// to a GET a few times; a `401` never is (a wrong token stays wrong).
public final class APIConnection: Sendable {
    public let remote: Remote
    private let token: String
    private let client: HTTPClient
    /// Seconds a connection may take to open, and an answer to go silent.
    let timeout: Int
    private let limits: Limits

    /// How patient the connection is with a server that asks it to wait or fails for a moment.
    struct Limits: Sendable {
        /// Attempts at a request answered `429` (each after its `Retry-After`).
        var rateLimitAttempts = 5
        /// The longest `Retry-After` honoured, and the most waiting for one request.
        var longestWait = 60.0
        /// Attempts at a GET answered `5xx`, waiting 1 s, 2 s, ... between them.
        var serverErrorAttempts = 3
    }

    private init(remote: Remote, token: String, timeout: Int, limits: Limits = Limits()) {
        self.remote = remote
        self.token = token
        self.timeout = timeout
        self.limits = limits
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(Int64(timeout)), read: .seconds(Int64(timeout))))
        // A refused connection is an answer: fail at once instead of backing off until the timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Runs `body` with a connection to `remote`, closing it afterwards whatever happens.
    public static func with<T: Sendable>(_ remote: Remote, token: String, timeout: Int,
                                         _ body: (APIConnection) async throws -> T) async throws -> T {
        _ = try BaseURL.parse(remote.url)
        let connection = APIConnection(remote: remote, token: token, timeout: timeout)
        let result: Result<T, any Error>
        do { result = .success(try await body(connection)) } catch { result = .failure(error) }
        try? await connection.client.shutdown()
        return try result.get()
    }

    // MARK: - Requests

    /// An answer's status, headers and body.
    struct Answer: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: ByteBuffer
    }

    /// What a request sends: nothing, a JSON document, or a file's bytes.
    enum Body: Sendable {
        case none
        case json([UInt8])
        case file(path: String, contentType: String)

        static func encoding(_ value: some Encodable) throws -> Body { .json(Array(try JSONEncoder().encode(value))) }
    }

    /// `GET path` decoded as `T`.
    func get<T: Decodable>(_ type: T.Type, _ path: String, query: [(String, String)] = []) async throws -> T {
        try decode(type, try await send(.GET, path, query: query), path: path)
    }

    /// `POST path` with `body`, decoded as `T`.
    func post<T: Decodable>(_ type: T.Type, _ path: String, query: [(String, String)] = [], body: Body = .none) async throws -> T {
        try decode(type, try await send(.POST, path, query: query, body: body), path: path)
    }

    /// Every item of a paged list: pages of `per_page` 100 until one comes back shorter.
    func pages<Item>(_ path: String, query: [(String, String)] = [], items: (Data) throws -> [Item]) async throws -> [Item] {
        var all: [Item] = []
        for page in 1... {
            let answer = try await send(.GET, path, query: query + [("page", String(page)), ("per_page", "100")])
            let batch: [Item]
            do { batch = try items(Data(answer.body.readableBytesView)) } catch { throw RemoteError.badAnswer(path: path, detail: String(describing: error)) }
            all += batch
            if batch.count < 100 { break }
        }
        return all
    }

    func decode<T: Decodable>(_ type: T.Type, _ answer: Answer, path: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(answer.body.readableBytesView))
        } catch {
            throw RemoteError.badAnswer(path: path, detail: String(describing: error))
        }
    }

    /// One request, retried as the server asks (429) or when a GET meets a passing server error
    /// (5xx); the answer when it succeeded, else the error that says why not.
    func send(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Body = .none,
              accept: String = "application/json") async throws -> Answer {
        var (rateLimited, serverErrors, waited) = (0, 0, 0.0)
        while true {
            let answer = try await attempt(method, path, query: query, body: body, accept: accept)
            switch answer.status {
            case 200..<300:
                return answer
            case 401:
                throw RemoteError.unauthorized(url: remote.url)
            case 403:
                throw RemoteError.forbidden(url: remote.url, message: Self.message(in: answer.body))
            case 429 where rateLimited + 1 < limits.rateLimitAttempts:
                rateLimited += 1
                let wait = min(Self.retryAfter(answer.headers) ?? Double(rateLimited), limits.longestWait)
                guard waited + wait <= limits.longestWait else { throw RemoteError.rateLimited(url: remote.url, waited: Int(waited)) }
                waited += wait
                try await Task.sleep(for: .seconds(wait))
            case 429:
                throw RemoteError.rateLimited(url: remote.url, waited: Int(waited))
            case 500..<600 where method == .GET && serverErrors + 1 < limits.serverErrorAttempts:
                serverErrors += 1
                try await Task.sleep(for: .seconds(Double(1 << (serverErrors - 1))))
            default:
                throw RemoteError.status(code: answer.status, method: method.rawValue, path: path, message: Self.message(in: answer.body))
            }
        }
    }

    private func attempt(_ method: HTTPMethod, _ path: String, query: [(String, String)], body: Body, accept: String) async throws -> Answer {
        var request = authorized(path + Self.queryString(query))
        request.method = method
        request.headers.add(name: "Accept", value: accept)
        switch body {
        case .none:
            break
        case .json(let bytes):
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: bytes))
        case .file(let file, let contentType):
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: try FileSystem.read(file)))
        }
        do {
            let response = try await client.execute(request, timeout: .hours(6))
            return Answer(status: Int(response.status.code), headers: response.headers, body: try await response.body.collect(upTo: 256 << 20))
        } catch {
            throw classify(error)
        }
    }

    /// Streams the answer to `GET path` into `file` (a package can be large), following a
    /// redirect to the same host as the platform's clients do (the token goes nowhere else).
    func download(_ path: String, to file: String) async throws {
        let response: HTTPClientResponse
        do { response = try await client.execute(authorized(path), timeout: .hours(6)) } catch { throw classify(error) }
        if (301...308).contains(Int(response.status.code)), let location = response.headers.first(name: "Location"),
           let target = sameHostPath(location) {
            return try await download(target, to: file)
        }
        guard response.status.code == 200 else {
            let body = try await response.body.collect(upTo: 1 << 20)
            if response.status.code == 401 { throw RemoteError.unauthorized(url: remote.url) }
            throw RemoteError.status(code: Int(response.status.code), method: "GET", path: path, message: Self.message(in: body))
        }
        try FileSystem.write([], to: file)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        defer { try? handle.close() }
        do {
            for try await chunk in response.body { try handle.write(contentsOf: Data(chunk.readableBytesView)) }
        } catch let error as HTTPClientError {
            throw classify(error)
        }
    }

    /// A request to `path` on this remote, carrying the token and rlcm's name: every request sends both.
    private func authorized(_ path: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: remote.url + path)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "User-Agent", value: "rlcm/\(rlcmVersion)")
        return request
    }

    /// The path of a redirect target on this remote's own host, nil for any other host.
    private func sameHostPath(_ location: String) -> String? {
        if location.hasPrefix("/") { return location }
        guard location.hasPrefix(remote.url + "/") else { return nil }
        return String(location.dropFirst(remote.url.count))
    }

    // MARK: - What went wrong

    /// The error a person can act on, for what the HTTP client threw.
    private func classify(_ error: any Error) -> any Error {
        if error is RemoteError || error is CancellationError { return error }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return RemoteError.connectTimeout(url: remote.url, seconds: timeout)
            case .readTimeout, .deadlineExceeded: return RemoteError.readTimeout(url: remote.url, seconds: timeout)
            default: break
            }
        }
        if let error = error as? NIOSSLError {
            let detail = String(describing: error)
            return RemoteError.certificate(url: remote.url, detail: detail.contains("CERTIFICATE_VERIFY_FAILED")
                ? "no certificate authority this machine trusts vouches for it (self-signed, expired, or made for another host)" : detail)
        }
        if Self.isRefused(error) { return RemoteError.connectionRefused(url: remote.url) }
        let detail = String(describing: error)
        if detail.contains("certificate") || detail.contains("handshake") { return RemoteError.certificate(url: remote.url, detail: detail) }
        return RemoteError.transport(url: remote.url, detail: detail)
    }

    private static func isRefused(_ error: any Error) -> Bool {
        if let error = error as? IOError { return error.errnoCode == ECONNREFUSED }
        if let error = error as? NIOConnectionError {
            return !error.connectionErrors.isEmpty && error.connectionErrors.allSatisfy { isRefused($0.error) }
        }
        return false
    }

    /// The server's own words: `message`, `error` or `errors`, as the platform's clients look for them.
    static func message(in body: ByteBuffer) -> String {
        let data = Data(body.readableBytesView)
        if let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] {
            if let message = object["message"] as? String { return message }
            if let error = object["error"] as? String { return error }
            if let errors = object["errors"], let text = try? JSONSerialization.data(withJSONObject: errors, options: [.sortedKeys]) {
                return String(decoding: text, as: UTF8.self)
            }
        }
        let text = String(decoding: data.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "(no message)" : text
    }

    /// `Retry-After` in seconds, given as a number or an HTTP date.
    static func retryAfter(_ headers: HTTPHeaders) -> Double? {
        guard let value = headers.first(name: "Retry-After")?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(value) { return max(0, seconds) }
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return format.date(from: value).map { max(0, $0.timeIntervalSinceNow) }
    }

    static func queryString(_ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return "" }
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return "?" + query.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }.joined(separator: "&")
    }
}
