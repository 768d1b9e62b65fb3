import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// The routes the server answers, kept so that a known path asked with another method gets 405
/// with `Allow` rather than 404.
struct RouteTable: Sendable {
    private(set) var methods: [String: Set<String>] = [:]

    mutating func add(_ method: HTTPRequest.Method, _ path: String) { methods[path, default: []].insert(method.rawValue) }

    /// The methods a concrete path is served with. `:name` segments are ids and match a segment
    /// of digits: `/api/connections/runtime_user_connections` is not a connection's path, and
    /// is answered 404 like any path the server does not serve.
    func allowed(for path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var allowed = Set<String>()
        for (template, methods) in methods {
            let parts = template.split(separator: "/", omittingEmptySubsequences: true)
            guard parts.count == segments.count,
                  zip(parts, segments).allSatisfy({ part, segment in
                      part.hasPrefix(":") ? !segment.isEmpty && segment.allSatisfy { ("0"..."9").contains($0) } : part == segment }) else { continue }
            allowed.formUnion(methods)
        }
        return allowed.sorted()
    }
}

/// One access line per request (method, path without the query, status, milliseconds, request
/// id), and every error turned into the API's JSON answer. Headers are never logged: they carry
/// the token.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger
    let routes: RouteTable
    private let counter = RequestCounter()

    init(logger: Logger, routes: RouteTable) {
        self.logger = logger
        self.routes = routes
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let requestId = String(format: "%08x", counter.next())
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = try answer(for: error, request: request, context: context)
        }
        response.headers[HTTPField.Name("X-Request-Id")!] = requestId
        let elapsed = started.duration(to: .now)
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        logger.info("\(request.method.rawValue) \(request.uri.path) \(response.status.code) \(String(format: "%.1f", ms))ms",
                    metadata: ["request_id": "\(requestId)"])
        return response
    }

    private func answer(for error: any Error, request: Request, context: Context) throws -> Response {
        switch error {
        case let error as APIError:
            return try error.response(from: request, context: context)
        case let error as HTTPError where error.status == .notFound:
            let allowed = routes.allowed(for: request.uri.path)
            guard !allowed.isEmpty else { return try APIError.notFound.response(from: request, context: context) }
            var refused = APIError(status: .methodNotAllowed, message: "Method \(request.method.rawValue) is not allowed on \(request.uri.path)")
            refused.headers[.allow] = allowed.joined(separator: ", ")
            return try refused.response(from: request, context: context)
        case let error as HTTPError:
            return try APIError(status: error.status, message: error.body ?? error.status.reasonPhrase).response(from: request, context: context)
        default:
            logger.error("request failed: \(error)")
            return try APIError(status: .internalServerError, message: "Internal error: \(error)").response(from: request, context: context)
        }
    }
}

/// Numbers requests for the access log and the `X-Request-Id` header.
final class RequestCounter: Sendable {
    private let value = Atomic<Int>(0)

    func next() -> Int { value.add(1, ordering: .relaxed).newValue }
}

/// Every request needs `Authorization: Bearer <token>` with one of the workspace's tokens; a
/// request without gets 401 before any route runs, so it touches nothing.
struct TokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let store: ServerStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              try store.isValid(token: String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)) else {
            throw APIError.unauthorized
        }
        return try await next(request, context)
    }
}
