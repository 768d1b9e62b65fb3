import Foundation
import Hummingbird
import RLCMAPI
import RLCMKit

/// `deployments`: the workspace's imports and rollbacks in the platform's deployment shape
/// (`WorkspaceView.deployments`), newest first as the platform lists; and `rlcm/drift`, which is
/// rlcm's own: what `rlcm drift` reports, for `rlcm drift --remote`.
struct HistoryRoutes {
    let core: ServerCore

    func add(to routes: inout RouteList) {
        routes.on(.get, "/api/deployments") { request, _ in
            let query = Query(request)
            let (filter, page) = (try DeploymentFilter(query), try query.page())
            let deployments = try await core.read { try $0.deployments() }
            return try APIJSON.response(API.DeploymentList(items: Array(deployments.reversed().filter(filter.admits).page(page))))
        }
        routes.on(.get, "/api/deployments/:id") { _, context in
            let id = try context.id()
            let deployments = try await core.read { try $0.deployments() }
            guard id <= deployments.count else { throw APIError.notFound }
            return try APIJSON.response(deployments[id - 1])
        }
        routes.on(.get, "/api/rlcm/drift") { request, _ in
            let project = Query(request).string("project")
            do {
                return try APIJSON.response(try await core.read { try $0.session.drift(project: project) })
            } catch let error as HistoryError {
                // A project no import wrote is not found; the message names it and the ones there are.
                guard case .unknownProject = error else { throw error }
                throw APIError(status: .notFound, message: String(describing: error))
            }
        }
    }
}

/// What `GET /api/deployments` is asked to list: every filter given must hold.
struct DeploymentFilter {
    /// `project_id`, and `folder_id` (`f123`, the platform's form, or `123`): a project's id is
    /// its folder's, so both name a project by the same number.
    var projectIds: [Int] = []
    var environment: API.EnvironmentType?
    var state: API.DeploymentState?
    /// `from` and `to`, both included.
    var from: Date?
    var to: Date?

    init(_ query: Query) throws {
        if let project = try query.int("project_id") { projectIds.append(project) }
        if let folder = query.string("folder_id") {
            guard let id = Int(folder.hasPrefix("f") ? String(folder.dropFirst()) : folder), id >= 1 else {
                throw APIError.badRequest("folder_id", "must be a folder id, as f123")
            }
            projectIds.append(id)
        }
        environment = try query.oneOf("environment_type", API.EnvironmentType.self)
        state = try query.oneOf("state", API.DeploymentState.self)
        (from, to) = (try query.time("from"), try query.time("to"))
    }

    func admits(_ deployment: API.Deployment) -> Bool {
        guard projectIds.allSatisfy({ String($0) == deployment.projectId }),
              environment.map({ $0 == deployment.environmentType }) ?? true,
              state.map({ $0 == deployment.state }) ?? true else { return false }
        guard from != nil || to != nil else { return true }
        guard let created = try? Date(deployment.createdAt, strategy: .iso8601) else { return false }
        return (from.map { $0 <= created } ?? true) && (to.map { created <= $0 } ?? true)
    }
}
