import Foundation
import RLCMFormat
import Hummingbird
import RLCMAPI
import RLCMKit

/// `users/me`, `projects` and `folders`: the workspace as a tree of folders.
struct WorkspaceRoutes {
    let core: ServerCore

    func add(to routes: inout RouteList) {
        routes.on(.get, "/api/users/me") { _, _ in try APIJSON.response(try await me()) }
        routes.on(.get, "/api/projects") { request, _ in
            let page = try Query(request).page()
            return try APIJSON.response(Array(try await core.read { $0.projects }.page(page)))
        }
        routes.on(.get, "/api/folders") { request, _ in
            let query = Query(request)
            let (parent, page) = (try query.int("parent_id"), try query.page())
            return try APIJSON.response(Array(try await core.read { view in
                view.childFolders(of: try parent.map { try view.folder(id: $0) } ?? "")
            }.page(page)))
        }
        routes.on(.post, "/api/folders") { request, _ in
            var request = request
            let body = try await request.decode(API.CreateFolderRequest.self, limit: core.limits.maxJSONBytes)
            return try APIJSON.response(try await create(body))
        }
    }

    private func me() async throws -> API.User {
        try await core.read { view in
            let settings = view.workspace.settings
            let recipes = view.catalog.files.filter { AssetType.of($0) == AssetType.recipe }
            let states = try view.session.recipeStates()
            let (start, end) = Self.billingPeriod(view.session.environment.now)
            return API.User(id: WorkspaceView.userId, name: settings.name, email: settings.email ?? "", createdAt: settings.createdAt,
                            planId: "rlcm", currentBillingPeriodStart: start, currentBillingPeriodEnd: end, recipesCount: recipes.count,
                            activeRecipesCount: recipes.filter(states.isRunning).count, companyName: nil, location: nil,
                            rootFolderId: view.rootFolderId)
        }
    }

    /// The current calendar month, which the client shows as the billing period.
    static func billingPeriod(_ now: Date) -> (String, String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.dateInterval(of: .month, for: now)!
        return (APIJSON.timestamp(start.start), APIJSON.timestamp(start.end))
    }

    /// A new folder; without a parent, a new project (a top-level folder).
    private func create(_ body: API.CreateFolderRequest) async throws -> API.Folder {
        let name = body.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !name.hasPrefix("."), !name.contains("/"), name.utf8.count <= 255 else {
            throw APIError.badRequest("name", "must be a folder name: not empty, no '/', not starting with '.'")
        }
        let parentId: Int?
        switch body.parentId {
        case .none, .null?: parentId = nil
        case .number(let literal)? where Int(literal) != nil: parentId = Int(literal)
        case .string(let text)? where Int(text) != nil: parentId = Int(text)
        default: throw APIError.badRequest("parent_id", "must be a folder id")
        }
        let parent = try await core.read { view in try parentId.map { try view.folder(id: $0) } ?? "" }
        let path = parent.isEmpty ? name : "\(parent)/\(name)"
        try await core.write("serve create folder") { session in
            guard !FileSystem.exists(session.workspace.path(path)) else {
                throw APIError.badRequest("name", "is taken: '\(path)' already exists")
            }
            try FileSystem.makeDirectories(session.workspace.path(path))
        }
        return try await core.read { view in view.apiFolder(path) }
    }
}
