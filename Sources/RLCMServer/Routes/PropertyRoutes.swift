import RLCMFormat
import Hummingbird
import RLCMAPI
import RLCMKit

/// `properties`: the account's property values, or a project's with `project_id`, read and
/// upserted as the platform does (`PropertyStore` knows where they live in the workspace).
struct PropertyRoutes {
    let core: ServerCore

    func add(to routes: inout RouteList) {
        routes.on(.get, "/api/properties") { request, _ in
            let query = Query(request)
            guard let prefix = query.string("prefix") else { throw APIError.badRequest("prefix", "is required") }
            let projectId = try query.int("project_id")
            let values = try await core.read { view in
                try PropertyStore(workspace: view.workspace).values(prefix: prefix, project: try projectId.map { try view.project(id: $0) })
            }
            return try APIJSON.response(JSONValue.object(JSONObject(values.map { ($0.name, JSONValue.string($0.value)) })))
        }
        routes.on(.post, "/api/properties") { request, _ in
            var request = request
            let projectId = try Query(request).int("project_id")
            let body = try await request.decode(API.UpsertProperties.self, limit: core.limits.maxJSONBytes)
            let project = try await core.read { view in try projectId.map { try view.project(id: $0) } }
            do {
                try await core.write("serve set properties") { try $0.setProperties(body.properties, project: project) }
            } catch WorkspaceError.invalidProperties(let reasons) {
                throw APIError.badRequest("properties", reasons.joined(separator: "; "))
            }
            return try APIJSON.response(API.Success(success: true))
        }
    }
}
