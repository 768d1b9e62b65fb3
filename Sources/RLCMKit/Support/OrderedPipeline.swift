import Foundation
import Synchronization

/// Runs `transform` on every core while the caller produces the next inputs (a package is
/// inflated on one thread while its entries are read on the others: reading takes longer than
/// inflating), and hands the results back on the caller's thread in the order the inputs came.
///
/// Each worker takes the next input as soon as it is free: no core waits for a batch to fill
/// (most of a small package, inflated by the caller alone) or for the slowest input of the batch
/// before. The inputs not yet handed back hold at most `inFlightBytes` (and one input more), so
/// memory stays bounded whatever the package's size. Where the caller would wait for results (at
/// that bound, and once it has produced everything) it transforms the next queued input itself:
/// asleep, it left its core idle while both workers shared the other (Linux keeps a thread that
/// just ran where it ran), some 4 ms of the 18 ms pass of a small package. Errors come in input
/// order, as they would on one core, and `run` returns only once no worker is left running.
struct OrderedPipeline<Input: Sendable, Output: Sendable> {
    private let transform: @Sendable (Input) throws -> Output
    private let inFlightBytes: Int
    private var workers: Workers<Input, Output>?
    /// Inputs handed over, and how many of their results went to `deliver`.
    private var added = 0
    private var delivered = 0
    private var inFlight = 0
    /// Set once a result failed: what is left comes later, and its problems must not replace that one.
    private var failed = false

    /// 2 MiB in flight keep two workers busy (some 30 recipes of 64 KB). Twice that was 1.5–2 %
    /// faster on a 500-recipe package and held 2 MB more at its peak, which grew with the package.
    init(inFlightBytes: Int = 2 << 20, _ transform: @escaping @Sendable (Input) throws -> Output) {
        self.inFlightBytes = inFlightBytes
        self.transform = transform
    }

    /// Runs `produce`, which hands over inputs through `add` (with their size in bytes), delivering
    /// every result in order. When `produce` fails, the results of the inputs it handed over
    /// before are delivered first: their problems came earlier.
    mutating func run(deliver: (Output) throws -> Void,
                      _ produce: (_ add: (Input, _ bytes: Int) throws -> Void) throws -> Void) throws {
        defer { workers?.stop() }
        // `produce` only calls `add` while it runs; the compiler cannot see that `deliver`, called
        // from inside `add`, does not re-enter `produce`.
        try withoutActuallyEscaping(deliver) { deliver in
            do {
                try produce { input, bytes in try add(input, bytes: bytes, deliver: deliver) }
            } catch {
                try finish(deliver: deliver)
                throw error
            }
            try finish(deliver: deliver)
        }
    }

    /// Queues `input` for the workers and delivers what is ready; while the inputs in flight hold
    /// more than the limit, waits for results.
    private mutating func add(_ input: Input, bytes: Int, deliver: (Output) throws -> Void) throws {
        let workers = self.workers ?? Workers(count: ProcessInfo.processInfo.activeProcessorCount, transform)
        self.workers = workers
        workers.submit(input, index: added, bytes: bytes)
        added += 1
        inFlight += bytes
        try deliverReady(deliver)
        while inFlight > inFlightBytes {
            if !workers.transformNext() { workers.completed.wait() }
            try deliverReady(deliver)
        }
    }

    /// Delivers every result that is in. After a failure it delivers nothing more.
    private mutating func finish(deliver: (Output) throws -> Void) throws {
        guard let workers, !failed else { return }
        while delivered < added {
            if !workers.transformNext() { workers.completed.wait() }
            try deliverReady(deliver)
        }
    }

    /// Delivers the results that are in, in input order, up to the first one still missing.
    private mutating func deliverReady(_ deliver: (Output) throws -> Void) throws {
        while delivered < added, let (result, bytes) = workers?.take(delivered) {
            delivered += 1
            inFlight -= bytes
            do {
                try deliver(try result.get())
            } catch {
                failed = true
                throw error
            }
        }
    }
}

/// The pipeline's worker threads, and the inputs and results they share with the caller. Threads
/// of their own, not Dispatch's pool: a worker waiting for input must not hold a pool thread that
/// other work of the same command (the dependency report) is waiting for.
private final class Workers<Input: Sendable, Output: Sendable>: Sendable {
    private struct State {
        var queued: [Int: (input: Input, bytes: Int)] = [:]
        var nextToTake = 0
        var results: [Int: (Result<Output, any Error>, bytes: Int)] = [:]
        var stopping = false
    }

    private let state = Mutex(State())
    private let transform: @Sendable (Input) throws -> Output
    private let count: Int
    /// One signal for each input queued, and one for each worker when they stop.
    private let work = DispatchSemaphore(value: 0)
    /// One signal for each result in.
    let completed = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)

    init(count: Int, _ transform: @escaping @Sendable (Input) throws -> Output) {
        self.count = max(1, count)
        self.transform = transform
        for _ in 0..<self.count { Thread { [self] in serve() }.start() }
    }

    func submit(_ input: Input, index: Int, bytes: Int) {
        state.withLock { $0.queued[index] = (input, bytes) }
        work.signal()
    }

    func take(_ index: Int) -> (Result<Output, any Error>, bytes: Int)? {
        state.withLock { $0.results.removeValue(forKey: index) }
    }

    /// Transforms the next queued input on the calling thread, as a worker would; false when none
    /// is queued. The caller, which knows, is not signalled.
    func transformNext() -> Bool {
        guard case .input(let index, let input, let bytes) = next() else { return false }
        complete(index, input, bytes: bytes)
        return true
    }

    /// Transforms input `index` and keeps its result for the caller, whichever thread took it.
    private func complete(_ index: Int, _ input: Input, bytes: Int) {
        let result = Result { try transform(input) }
        state.withLock { $0.results[index] = (result, bytes) }
    }

    private enum Next {
        case input(index: Int, Input, bytes: Int)
        case none, stop
    }

    /// Takes the next queued input.
    private func next() -> Next {
        state.withLock { state in
            guard !state.stopping else { return .stop }
            guard let queued = state.queued.removeValue(forKey: state.nextToTake) else { return .none }
            defer { state.nextToTake += 1 }
            return .input(index: state.nextToTake, queued.input, bytes: queued.bytes)
        }
    }

    /// Drops the inputs no worker has taken, and waits for every worker to end.
    func stop() {
        state.withLock {
            $0.stopping = true
            $0.queued = [:]
        }
        for _ in 0..<count { work.signal() }
        for _ in 0..<count { exited.wait() }
    }

    /// A worker: one input for each signal of `work` (the caller may have taken it first).
    private func serve() {
        loop: while true {
            work.wait()
            switch next() {
            case .input(let index, let input, let bytes):
                complete(index, input, bytes: bytes)
                completed.signal()
            case .none: continue
            case .stop: break loop
            }
        }
        exited.signal()
    }
}
