import Foundation
import Hummingbird
import Logging
import RLCMKit
import Synchronization

/// What every route works with: the workspace, the server's store, the job runner, the limits and
/// the environment the server runs in.
final class ServerCore: Sendable {
    let workspace: Workspace
    let store: ServerStore
    /// The catalog the list endpoints answer from, kept between requests.
    let index: ListingIndex
    /// The recipes' answers, kept between requests.
    let recipeAnswers = RecipeAnswers()
    let jobs: JobRunner
    let limits: ServeConfiguration.Limits
    /// The server's run environment, waiting `limits.readLockTimeout` for the workspace lock.
    let environment: RunEnvironment
    /// The address the server answers on, for `download_url` when a request names no host.
    let baseURL: Mutex<String>

    init(workspace: Workspace, store: ServerStore, limits: ServeConfiguration.Limits, environment: RunEnvironment, logger: Logger) {
        self.workspace = workspace
        self.store = store
        self.limits = limits
        self.environment = environment.waitingForLocks(limits.readLockTimeout)
        let index = ListingIndex(store: store)
        self.index = index
        jobs = JobRunner(work: JobWork(workspace: workspace, index: index, environment: environment.waitingForLocks(limits.importLockTimeout)),
                         logger: logger)
        baseURL = Mutex("http://127.0.0.1:8080")
    }

    /// Runs `body` on a view of the workspace taken under the shared lock, off the event loops.
    /// A workspace held by a long change answers 503 with `Retry-After`, rather than hanging.
    func read<T: Sendable>(_ body: @escaping @Sendable (WorkspaceView) throws -> T) async throws -> T {
        try await offload { [self] in
            do {
                return try workspace.readLocked(command: "serve", environment: environment) { session in
                    try body(try WorkspaceView(session: session, index: index))
                }
            } catch let error as WorkspaceError {
                guard case .locked = error else { throw error }
                var busy = APIError(status: .serviceUnavailable, message: String(describing: error))
                busy.headers[.retryAfter] = "2"
                throw busy
            }
        }
    }

    /// Runs a change of the workspace under its exclusive lock, as the CLI command would, and
    /// brings the kept catalog up to date before the lock is let go (a refresh that fails is only
    /// left to the next request's).
    func write<T: Sendable>(_ command: String, _ body: @escaping @Sendable (WorkspaceSession) throws -> T) async throws -> T {
        try await offload { [self] in
            try workspace.locked(command: command, environment: environment) { session in
                let result = try body(session)
                try? index.refresh(session)
                return result
            }
        }
    }

    /// A change of an asset through the library (`write`), whose refusals are the request's
    /// fault: a 400 naming the key at fault, with the library's message.
    func change<T: Sendable>(_ command: String, _ body: @escaping @Sendable (WorkspaceSession) throws -> T) async throws -> T {
        do {
            return try await write(command, body)
        } catch let error as ConnectionError {
            throw APIError(status: .badRequest, message: String(describing: error), errors: [error.field: [String(describing: error)]])
        }
    }

    /// `http://HOST/api/packages/ID/download`, on the host the client asked for.
    func downloadURL(job id: Int, request: Request) -> String {
        let base = request.head.authority.map { "\(baseURL.withLock { $0.hasPrefix("https") ? "https" : "http" })://\($0)" }
            ?? baseURL.withLock { $0 }
        return "\(base)/api/packages/\(id)/download"
    }
}
