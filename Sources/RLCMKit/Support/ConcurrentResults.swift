import Dispatch
import Foundation
import Synchronization

extension Array where Element: Sendable {
    /// `transform` of every element, run on every core at once (all but one when `sparingOneCore`,
    /// for a caller whose own thread stays busy meanwhile), in the elements' order. Each failure
    /// stays in its place, so that a caller reports the first one in order, as a loop would:
    /// reading and parsing files is most of an export's or a cold dependency report's work.
    func concurrentResults<T: Sendable>(sparingOneCore: Bool = false, _ transform: @Sendable (Element) throws -> T) -> [Result<T, any Error>] {
        let results = Mutex([Result<T, any Error>?](repeating: nil, count: count))
        let next = Atomic(0)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let workers = Swift.max(1, Swift.min(sparingOneCore ? cores - 1 : cores, count))
        DispatchQueue.concurrentPerform(iterations: isEmpty ? 0 : workers) { _ in
            while case let index = next.add(1, ordering: .relaxed).oldValue, index < count {
                let result = Result { try transform(self[index]) }
                results.withLock { $0[index] = result }
            }
        }
        return results.withLock { $0.map { $0! } }
    }
}
