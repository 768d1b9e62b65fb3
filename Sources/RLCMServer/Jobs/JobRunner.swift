import Foundation
import Logging
import RLCMKit
import ServiceLifecycle

/// Runs package jobs in the background, one at a time and in the order they came (as the platform
/// runs one import at a time per workspace), off the server's threads: the library is synchronous.
/// Imports take the workspace lock as `rlcm import` does, so an API import and a CLI import exclude
/// each other too. On graceful shutdown the running job finishes; jobs that never started are
/// recorded as failed.
actor JobRunner: Service {
    private let work: JobWork
    private let logger: Logger
    private var queue: [Int] = []
    private var running: Int?
    private var accepting = true
    private var wakeUp: CheckedContinuation<Void, Never>?

    static let interruptedMessage = "interrupted: the server stopped before the job finished; the workspace is as it was before the job"

    init(work: JobWork, logger: Logger) {
        self.work = work
        self.logger = logger
    }

    /// Queues a job that is `in_progress` in the store.
    func enqueue(_ id: Int) {
        guard accepting else { return }
        queue.append(id)
        wakeUp?.resume()
        wakeUp = nil
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            while let id = await next() {
                running = id
                logger.info("package job started", metadata: ["job": "\(id)"])
                await work.run(id)
                logger.info("package job finished", metadata: ["job": "\(id)"])
                running = nil
            }
        } onGracefulShutdown: {
            Task { await self.stopAccepting() }
        }
    }

    /// Waits for the next queued job; nil once shutting down.
    private func next() async -> Int? {
        while queue.isEmpty && accepting { await withCheckedContinuation { wakeUp = $0 } }
        guard accepting else { return nil }
        return queue.removeFirst()
    }

    private func stopAccepting() {
        accepting = false
        queue.removeAll()
        do {
            let failed = try work.store.failUnfinishedJobs(reason: Self.interruptedMessage, except: running)
            if !failed.isEmpty { logger.notice("jobs recorded as interrupted", metadata: ["jobs": "\(failed)"]) }
        } catch {
            logger.error("could not record unfinished jobs: \(error)")
        }
        wakeUp?.resume()
        wakeUp = nil
    }
}
