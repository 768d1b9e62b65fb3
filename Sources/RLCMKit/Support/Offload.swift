import Foundation

/// Runs synchronous library work on a thread of its own, never on the tasks' cooperative pool
/// (two threads on two cores) nor a server's event loops: the library's own threads (the package
/// pass, the dependency report) must find the cores free, and one long import must not stall a
/// server's requests. The async commands and the server call the library through it.
public func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result(catching: body)) }.start()
    }
}
