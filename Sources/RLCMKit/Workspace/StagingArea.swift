import Foundation
import Synchronization
import RLCMFormat

/// The folders a transaction stages new contents in. An import's entries are staged by the
/// threads that compare them, so that the thread inflating the package does not also create every
/// file; each file gets a name of its own, and the transaction adopts it in entry order. Creating
/// a file holds its folder's lock while the file system allocates the inode, so threads creating
/// in one folder wait on each other (spinning, in Linux); files taking turns over `shards` folders
/// rarely meet. A warm import of 500 recipes at 10,000 spent 4% of its samples in that spinning,
/// and ran 5–9% faster spread over eight. One folder a core is enough for the threads to meet
/// rarely (eight at most): every folder is made and removed again, which an import of 50 recipes
/// on two cores paid eight times over. The first shard is the area's folder itself, the others
/// folders in it (`s1`, `s2`, ...), for the same reason.
///
/// The area is the folder of the transaction that adopts it, under `.rlcm/txn/`: staged files
/// are renamed into place on the same file system, and whatever a killed process left there is
/// removed by the next command's recovery.
final class StagingArea: Sendable {
    static let shards = min(8, ProcessInfo.processInfo.activeProcessorCount)
    let root: String
    let folder: String
    private let next = Atomic(0)
    /// The files `stageSoon` is making, one after the other, and the first that failed.
    private let soon = DispatchQueue(label: "rlcm.staging")
    private let making = DispatchGroup()
    private let failure = Mutex<FileSystem.Failure?>(nil)

    /// A new, empty area in the workspace at `root`.
    init(root: String) throws {
        self.root = root
        let id = "\(Int(Date().timeIntervalSince1970 * 1000))-\(getpid())-\(Self.areas.add(1, ordering: .relaxed).oldValue)"
        folder = "\(Transaction.transactionsFolder(root: root))/\(id)"
        try FileSystem.makeDirectories(folder)
        for shard in Self.shardFolders { try FileSystem.makeDirectory("\(folder)/\(shard)") }
    }

    /// The folders in an area's folder that hold all shards but the first.
    static let shardFolders = (1..<shards).map { "s\($0)" }

    /// Areas made by this process, so that two made in the same millisecond differ.
    private static let areas = Atomic(0)

    /// Removes the area and whatever is staged in it; nothing once a transaction committed it.
    /// Its owner calls this on its own thread when it is done: threads that staged into it may
    /// still hold it after a failure, and a process may end before they let go.
    func discard() {
        making.wait()
        Transaction.remove(folder)
    }

    /// Writes `bytes` to a new staged file; returns its name in the transaction's folder. Its
    /// writeback starts at once: the transaction's one flush before the renames then waits for
    /// little more than the journal, where it used to write the whole import while the command
    /// waited (the disk is otherwise idle while the import is planned).
    func stage(_ bytes: [UInt8]) throws -> String {
        let name = nextName()
        try FileSystem.write(bytes, to: "\(folder)/\(name)", writeBack: true)
        return name
    }

    /// Returns at once the name of the file `bytes` will be staged as, and makes the file on
    /// another thread: an applier's own state files (history, undo data, connector versions) are
    /// made while it works out the next, where making each, its inode allocated, was most of what
    /// writing it cost. `settle` waits for them.
    func stageSoon(_ bytes: [UInt8]) -> String {
        let name = nextName()
        making.enter()
        soon.async { [self] in
            defer { making.leave() }
            do throws(FileSystem.Failure) { try FileSystem.write(bytes, to: "\(folder)/\(name)", writeBack: true) } catch {
                failure.withLock { if $0 == nil { $0 = error } }
            }
        }
        return name
    }

    /// Waits for the files `stageSoon` is making; throws the first failure among them.
    func settle() throws {
        making.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }

    private func nextName() -> String {
        let number = next.add(1, ordering: .relaxed).oldValue
        let shard = number % Self.shards
        return shard == 0 ? "\(number)" : "s\(shard)/\(number)"
    }
}
