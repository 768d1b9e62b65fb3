import Foundation
import Hummingbird
import HummingbirdCore
import RLCMKit

typealias Context = BasicRequestContext
typealias Handler = @Sendable (Request, Context) async throws -> Response

/// The routes of one resource, added to the router by `buildApplication`.
struct RouteList {
    var entries: [(method: HTTPRequest.Method, path: String, handler: Handler)] = []

    mutating func on(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler) {
        entries.append((method, path, handler))
    }
}

/// A request's query, read strictly: a malformed value is a 400 naming the parameter.
struct Query {
    let parameters: FlatDictionary<Substring, Substring>

    init(_ request: Request) { parameters = request.uri.queryParameters }

    func string(_ name: String) -> String? { parameters[Substring(name)].map { String($0).removingPercentEncoding ?? String($0) } }

    func int(_ name: String, range: ClosedRange<Int> = 1...Int.max) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw APIError.badRequest(name, range.upperBound == Int.max ? "must be an integer of at least \(range.lowerBound)"
                                      : "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func bool(_ name: String) throws -> Bool? {
        guard let text = string(name) else { return nil }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw APIError.badRequest(name, "must be true or false")
        }
    }

    /// One of an enumeration's values, by name.
    func oneOf<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws -> T? where T.RawValue == String {
        guard let text = string(name) else { return nil }
        guard let value = T(rawValue: text) else {
            throw APIError.badRequest(name, "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// An RFC 3339 time, the form the API's timestamps have (fractional seconds allowed).
    func time(_ name: String) throws -> Date? {
        guard let text = string(name) else { return nil }
        for style in [Date.ISO8601FormatStyle(), Date.ISO8601FormatStyle(includingFractionalSeconds: true)] {
            if let date = try? Date(text, strategy: style) { return date }
        }
        throw APIError.badRequest(name, "must be an RFC 3339 time, as 2026-11-23T11:53:26Z")
    }

    /// An ISO 8601 time as the official client sends it: Python's `%Y-%m-%dT%H:%M:%S.%f%z`, the
    /// offset as `+0000`, or none at all for a time the user gave without one (read as UTC); an
    /// RFC 3339 time is taken too.
    func clientTime(_ name: String) throws -> Date? {
        guard let text = string(name) else { return nil }
        guard let match = text.wholeMatch(of: /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?/) else {
            throw APIError.badRequest(name, "must be an ISO 8601 time, as 2026-11-23T11:53:26Z")
        }
        var zone = match.3.map(String.init) ?? "Z"
        if zone != "Z" && !zone.contains(":") { zone.insert(":", at: zone.index(zone.startIndex, offsetBy: 3)) }
        let normal = "\(match.1)\(match.2 ?? "")\(zone)"
        for style in [Date.ISO8601FormatStyle(), Date.ISO8601FormatStyle(includingFractionalSeconds: true)] {
            if let date = try? Date(normal, strategy: style) { return date }
        }
        throw APIError.badRequest(name, "must be an ISO 8601 time, as 2026-11-23T11:53:26Z")
    }

    /// `page` from 1 and `per_page` from 1 to 100 (100 when absent), as the platform pages lists.
    func page() throws -> (page: Int, perPage: Int) {
        (try int("page") ?? 1, try int("per_page", range: 1...100) ?? 100)
    }
}

extension Array {
    func page(_ page: (page: Int, perPage: Int)) -> ArraySlice<Element> { self[pageRange(page)] }

    /// The positions `page` covers in the list.
    func pageRange(_ page: (page: Int, perPage: Int)) -> Range<Int> {
        let start = Swift.min(count, (page.page - 1).multipliedReportingOverflow(by: page.perPage).partialValue)
        return Swift.max(0, start)..<Swift.min(count, start + page.perPage)
    }
}

extension Context {
    /// The integer id in the path, or 404: `/api/recipes/abc` names no recipe.
    func id(_ name: String = "id") throws -> Int {
        guard let id = parameters.get(name, as: Int.self), id >= 1 else { throw APIError.notFound }
        return id
    }
}

extension Request {
    /// The JSON body as `T`; a body that is not JSON, or not the right shape, is a 400 naming what
    /// is wrong; one over `limit` bytes is a 413. An empty body reads as `{}` where `emptyIsObject`.
    mutating func decode<T: Decodable>(_ type: T.Type, limit: Int, emptyIsObject: Bool = false) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await collectBody(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError(status: .contentTooLarge, message: "The request body is larger than \(limit / 1024) KB")
        }
        let data = Data(buffer: buffer)
        do {
            return try JSONDecoder().decode(T.self, from: data.isEmpty && emptyIsObject ? Data("{}".utf8) : data)
        } catch let error as DecodingError {
            throw APIError.decoding(error)
        }
    }
}

extension APIError {
    /// A 400 for a body that is not the JSON the endpoint takes, naming the field.
    static func decoding(_ error: DecodingError) -> APIError {
        func field(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            return badRequest(field(context.codingPath + [key]), "is required")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return badRequest(context.codingPath.isEmpty ? "body" : field(context.codingPath), "must be \(Self.describe(type))")
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? badRequest("body", "is not valid JSON") : badRequest(field(context.codingPath), "is malformed")
        @unknown default:
            return badRequest("body", "is not valid JSON")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type: return "an integer"
        case is Bool.Type: return "true or false"
        case is [Any].Type: return "an array"
        default: return "a JSON object"
        }
    }
}
