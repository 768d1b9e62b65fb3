import Foundation
import RLCMFormat
import Hummingbird
import RLCMAPI
import RLCMKit

/// `recipes`: listing (newest id first, as the platform lists, with its filters), start and stop
/// (`rlcm recipe start|stop`), and pointing a recipe's steps at a connection (`connect`).
///
/// `folder_id` lists the recipes in that folder and its subfolders. The platform may list only the
/// folder's own, but projects keep their recipes in subfolders, and the official client's
/// `recipes list --recursive` fails in 1.0.7 (a TypeError before any request): listing the subtree
/// is what makes `workato recipes list` show a project's recipes. Each recipe carries its own
/// `folder_id`, so a client that wants one folder's recipes filters on it.
struct RecipeRoutes {
    let core: ServerCore

    func add(to routes: inout RouteList) {
        routes.on(.get, "/api/recipes") { request, _ in
            let query = Query(request)
            let (folderId, page, excludeCode) = (try query.int("folder_id"), try query.page(), try query.bool("exclude_code") ?? false)
            let filter = try RecipeFilter(query)
            let recipes = try await core.read { view in
                let folder = try folderId.map { try view.folder(id: $0) }
                let states = try view.session.recipeStates()
                let listed = try filter.select(try view.files(ofType: AssetType.recipe, in: folder), page: page, view: view, states: states)
                // What resolving a recipe's connections needs, made only when an answer is not kept.
                var resolving: (lookup: ReferenceLookup, connectionIds: [String: Int])?
                func resolve() throws -> (lookup: ReferenceLookup, connectionIds: [String: Int]) {
                    if let resolving { return resolving }
                    let made = (try view.session.referenceLookup(),
                                Dictionary(try view.files(ofType: AssetType.connection).map { ($0.path, $0.id) }, uniquingKeysWith: { a, _ in a }))
                    resolving = made
                    return made
                }
                return try listed.map { file in
                    let running = states.isRunning(file.path)
                    let basis = FileSystem.stamp(view.workspace.path(file.path)).map {
                        RecipeAnswers.Basis(stamp: $0, running: running, generation: view.catalog.generation, excludeCode: excludeCode)
                    }
                    return try core.recipeAnswers.answer(file.path, basis: basis) {
                        let (lookup, connectionIds) = try resolve()
                        return try APIJSON.data(view.apiRecipe(file.path, id: file.id, running: running, lookup: lookup,
                                                               connectionIds: connectionIds, excludeCode: excludeCode))
                    }
                }
            }
            return try APIJSON.itemsResponse(recipes)
        }
        routes.on(.put, "/api/recipes/:id/start") { _, context in try await setRunning(context, true) }
        routes.on(.put, "/api/recipes/:id/stop") { _, context in try await setRunning(context, false) }
        routes.on(.put, "/api/recipes/:id/connect") { request, context in try await connect(request, context) }
    }

    /// Points the recipe's steps of an adapter at a connection of that adapter, in the recipe's file.
    private func connect(_ request: Request, _ context: Context) async throws -> Response {
        let id = try context.id()
        var request = request
        let body = try await request.decode(API.RecipeConnectRequest.self, limit: core.limits.maxJSONBytes)
        let (recipe, connection) = try await core.read { view in
            let recipe = try view.file(id: id, type: AssetType.recipe)
            guard let connection = try? view.file(id: body.connectionId, type: AssetType.connection) else {
                throw APIError.badRequest("connection_id", "names no connection")
            }
            let provider = try view.apiConnection(connection, id: body.connectionId, connectors: try view.connectorsByTitle()).application
            guard provider == body.adapterName else {
                throw APIError.badRequest("connection_id", "names a connection of '\(provider)', not of '\(body.adapterName)'")
            }
            return (recipe, connection)
        }
        try await core.change("serve recipe connect") { try $0.connect(recipe: recipe, provider: body.adapterName, to: connection) }
        return try APIJSON.response(API.Success(success: true))
    }

    /// A recipe that cannot start answers 200 with `success: false` and why, as the platform does.
    private func setRunning(_ context: Context, _ running: Bool) async throws -> Response {
        let id = try context.id()
        let path = try await core.read { try $0.file(id: id, type: AssetType.recipe) }
        do {
            try await core.write(running ? "serve recipe start" : "serve recipe stop") { _ = try $0.setRecipe(path, running: running) }
        } catch let error as WorkspaceError where running {
            guard case .missingConnections = error else { throw error }
            let message: JSONValue = .string(String(describing: error))
            return try APIJSON.response(API.StartResult(success: false, codeErrors: [],
                                                        configErrors: [[.number("0"), .array([.array([.string("Connection"), .null, message, .string("config")])])]]))
        }
        return try APIJSON.response(API.StartResult(success: true, codeErrors: nil, configErrors: nil))
    }
}
