import Dispatch
import Synchronization

/// Runs a command's task on the thread that waits for it, for `rlcm`, whose commands run no
/// server and no HTTP client: on Swift's global executor the one task of a command started the
/// concurrency runtime's threads, half a millisecond of an import of 50 recipes. The library's
/// work still runs on threads of its own (`offload`), and what it returns resumes the task here.
final class WaitingThreadExecutor: TaskExecutor {
    private let jobs = Mutex<[UnownedJob]>([])
    private let enqueued = DispatchSemaphore(value: 0)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        enqueued.signal()
    }

    /// Runs `body` as a task whose jobs run on this thread, and returns when it has.
    func run(_ body: sending @escaping () async throws -> Void) throws {
        let outcome = Mutex<Result<Void, any Error>?>(nil)
        Task(executorPreference: self) {
            do {
                try await body()
                outcome.withLock { $0 = .success(()) }
            } catch {
                outcome.withLock { $0 = .failure(error) }
            }
        }
        while true {
            enqueued.wait()
            let job = jobs.withLock { $0.removeFirst() }
            job.runSynchronously(on: asUnownedTaskExecutor())
            if let result = outcome.withLock({ $0 }) { return try result.get() }
        }
    }
}
