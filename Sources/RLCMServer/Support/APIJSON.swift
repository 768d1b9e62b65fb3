import Foundation
import RLCMFormat
import Hummingbird
import RLCMAPI
import RLCMKit

/// How every answer and request body of the API is (de)coded: snake_case keys are spelled out
/// in each type's `CodingKeys`, dates are RFC 3339 strings made by the server.
enum APIJSON {
    static func data(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    static func encode(_ value: some Encodable) throws -> ByteBuffer {
        ByteBuffer(data: try data(value))
    }

    /// `value` as a JSON answer.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        try response(body: try encode(value), status: status)
    }

    /// `{"items": [...]}` of elements each already encoded by `data`: the bytes `response` gives
    /// for a list type whose only key is `items` (`API.RecipeList`), without encoding them again.
    static func itemsResponse(_ items: [Data]) throws -> Response {
        var body = ByteBuffer()
        body.writeString(#"{"items":["#)
        for (index, item) in items.enumerated() {
            if index > 0 { body.writeString(",") }
            body.writeBytes(item)
        }
        body.writeString("]}")
        return try response(body: body, status: .ok)
    }

    private static func response(body: ByteBuffer, status: HTTPResponse.Status) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.contentLength] = String(body.readableBytes)
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// The RFC 3339 form the official client parses (`2026-11-23T11:53:26Z`): rlcm's one form.
    static func timestamp(_ date: Date) -> String { Timestamp.string(date) }
}

/// An error the API answers with a JSON body (`{"message"}`, and `errors` for 400), as the
/// platform does and the clients read.
struct APIError: HTTPResponseError {
    var status: HTTPResponse.Status
    var message: String
    var errors: [String: [String]]?
    var headers: HTTPFields = [:]

    static let notFound = APIError(status: .notFound, message: "Not found")
    static let unauthorized = APIError(status: .unauthorized, message: "Invalid or missing API token")

    /// 400 naming the field and what is wrong with it.
    static func badRequest(_ field: String, _ problem: String) -> APIError {
        APIError(status: .badRequest, message: "Invalid request: \(field) \(problem)", errors: [field: [problem]])
    }

    private struct Body: Encodable {
        var message: String
        var errors: [String: [String]]?
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try APIJSON.response(Body(message: message, errors: errors), status: status)
        response.headers.append(contentsOf: headers)
        return response
    }
}
