import Dispatch
import Synchronization

extension Array where Element: Sendable {
    /// `transform` of every element, run on every core at once, in the elements' order. Each
    /// failure stays in its place, so that a caller reports the first one in order, as a loop
    /// would: reading and parsing files is most of an export's or a cold dependency report's work.
    func concurrentResults<T: Sendable>(_ transform: @Sendable (Element) throws -> T) -> [Result<T, any Error>] {
        let results = Mutex([Result<T, any Error>?](repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let result = Result { try transform(self[index]) }
            results.withLock { $0[index] = result }
        }
        return results.withLock { $0.map { $0! } }
    }
}
