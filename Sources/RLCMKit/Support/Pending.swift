import Dispatch
import Synchronization

/// Work running on another thread while the caller goes on with its own: an export reads the
/// references of a folder's assets while it deflates them, and the two take about as long.
final class Pending<Value: Sendable>: Sendable {
    private let result = Mutex<Result<Value, any Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global().async { [self] in
            let outcome = Result { try work() }
            result.withLock { $0 = outcome }
            done.signal()
        }
    }

    /// Waits for the work to end, then returns its value or throws its error.
    func value() throws -> Value {
        done.wait()
        done.signal()  // a later call returns at once
        return try result.withLock { $0! }.get()
    }
}
