import Foundation
import RLCMFormat

/// All-or-nothing changes to a workspace's files, its state included.
///
/// New contents are staged in `.rlcm/txn/<id>/` (and a few folders in it: see `StagingArea`),
/// the files they replace are hard-linked under `old/`, the journal is written, and one `syncfs`
/// makes all of it durable. Only then are
/// the staged files renamed into place, and a second `syncfs` makes the new tree durable. Removing
/// the journal (durably) is the commit point. A crash before the journal exists leaves the tree
/// untouched; a crash while it exists is rolled back by the next command (`recoverInterrupted`),
/// which puts every original back and removes every file and folder the transaction created.
/// Three flushes per transaction, whatever its size: durability costs about what `sync` after an
/// extraction does.
public final class Transaction {
    struct Operation: Codable {
        var target: String
        /// The staged file that replaces the target; nil: the target is removed.
        var staged: String?
        var backup: String?
    }
    struct Journal: Codable {
        var operations: [Operation]
        var createdFolders: [String]
        enum CodingKeys: String, CodingKey { case operations, createdFolders = "created_folders" }
    }

    private let root: String
    private let folder: String
    /// Where new contents are staged, from any thread.
    let staging: StagingArea
    private(set) var operations: [Operation] = []
    /// Each target's index in `operations`: a large import looks its files up one by one.
    private var positions: [String: Int] = [:]
    /// The SHA-256 of what a write puts at its target, where it is known without reading the staged file.
    private var digests: [String: String] = [:]
    /// Folders removed after the files, deepest first, where they are then empty (a rollback's).
    private var emptiedFolders: [String] = []
    private var finished = false

    /// The steps left before the process kills itself (`FaultInjection.crashAfterSteps`).
    private var crashCountdown: Int?
    /// The renames after which the commit fails (`FaultInjection.failCommitAfterRenames`).
    private let failAfterRenames: Int?

    static func transactionsFolder(root: String) -> String { "\(root)/\(Workspace.stateFolderName)/txn" }

    /// A transaction of the workspace at `root` that suffers `faults` (a test's; `.none` in a real run).
    convenience init(root: String, faults: FaultInjection) throws {
        try self.init(adopting: try StagingArea(root: root), faults: faults)
    }

    deinit {
        if !finished { staging.discard() }
    }

    /// A transaction whose new contents are what `staging` holds, plus what it stages itself: an
    /// import plans (and stages) before it knows it will apply, and only then opens the
    /// transaction over what was staged.
    init(adopting staging: StagingArea, faults: FaultInjection) throws {
        self.root = staging.root
        self.folder = staging.folder
        self.staging = staging
        crashCountdown = faults.crashAfterSteps
        failAfterRenames = faults.failCommitAfterRenames
    }

    /// Removes a transaction's folder, and the transactions folder once it is empty, so that a
    /// workspace after a transaction holds exactly the files it held before plus the changes.
    ///
    /// The journal goes first, durably: it is the commit point, and a process killed while the rest
    /// is being removed must not leave a journal without some of its backups, which the next
    /// command would take for an interrupted transaction and "roll back" into a mix of old and new.
    static func remove(_ folder: String) {
        dropJournal(folder)
        // A committed transaction leaves its staging shards empty, and backups only where it
        // replaced files: walking the tree is for those, and for what a killed process left.
        for shard in StagingArea.shardFolders { rmdir("\(folder)/\(shard)") }
        if rmdir(folder) != 0 { FileSystem.removeTree(folder) }
        rmdir(FileSystem.folder(of: folder))
    }

    /// Removes the journal durably: from then on nothing will roll the transaction back.
    private static func dropJournal(_ folder: String) {
        if unlink("\(folder)/journal.json") == 0 { try? FileSystem.syncDirectory(folder) }
    }

    /// Whether this transaction already stages a change to `path`.
    func stages(_ path: String) -> Bool { positions[path] != nil }

    /// Stages `bytes` to become the file at `path` (relative to the workspace root) on commit; the
    /// file is made on another thread (`StagingArea.stageSoon`), and the commit waits for it.
    func write(_ path: String, _ bytes: [UInt8]) throws {
        try adopt(path, staged: staging.stageSoon(bytes), sha256: Hashing.sha256(bytes))
    }

    /// Makes the file staged as `staged` (by `staging`, on any thread) the change to `path` on
    /// commit, replacing what was staged for it before. `sha256`: the staged bytes' digest, when
    /// the caller knows it.
    func adopt(_ path: String, staged: String, sha256: String? = nil) throws {
        try record(Operation(target: path, staged: staged, backup: nil))
        digests[path] = sha256
    }

    /// Stages the removal of the file at `path`, if there is one.
    func remove(_ path: String) throws {
        guard FileSystem.exists("\(root)/\(path)") else { return }
        try record(Operation(target: path, staged: nil, backup: nil))
        digests[path] = nil
    }

    /// Removes `folder` after the files are placed, if it is then empty (call deepest first).
    func removeIfEmptied(folder: String) { emptiedFolders.append(folder) }

    /// Makes the file now at `path` also the file at `copy` on commit, without copying it: a hard
    /// link, which the commit's renames then leave as the only name of the old contents. The
    /// workspace lock keeps anyone from changing the file in between.
    func keep(_ path: String, as copy: String) throws {
        let name = "kept-\(operations.count)"
        try FileSystem.link("\(root)/\(path)", to: "\(folder)/\(name)")
        try adopt(copy, staged: name)
    }

    /// The SHA-256 of what the commit puts at `path`: nil when it removes the file.
    func stagedDigest(_ path: String) throws -> String? {
        guard let index = positions[path], let staged = operations[index].staged else { return nil }
        if let known = digests[path] { return known }
        try staging.settle()
        return Hashing.sha256(try FileSystem.read("\(folder)/\(staged)"))
    }

    /// The bytes the commit puts at `path`.
    func stagedBytes(_ path: String) throws -> [UInt8] {
        guard let index = positions[path], let staged = operations[index].staged else { preconditionFailure("'\(path)' is staged") }
        try staging.settle()
        return try FileSystem.read("\(folder)/\(staged)")
    }

    private func record(_ operation: Operation) throws {
        let path = operation.target
        precondition(path.utf8.first != UInt8(ascii: "/") && !path.utf8.split(separator: UInt8(ascii: "/")).contains { $0.elementsEqual("..".utf8) },
                     "transaction paths are relative and inside the workspace")
        try step()
        if let index = positions[path] {
            switch (operation.staged, operations[index].staged) {
            case (let new?, let old?):
                try staging.settle()
                try FileSystem.rename("\(folder)/\(new)", to: "\(folder)/\(old)")
            default: operations[index].staged = operation.staged
            }
            return
        }
        positions[path] = operations.count
        operations.append(operation)
    }

    /// Makes every staged change visible at once, or none of them. Returns the file time at which
    /// the staged files began to be put in place: a placed file whose modification time is earlier
    /// holds what was staged, since any later change would have given it a later time.
    ///
    /// `whileFlushing` runs on another thread, given that time, once every file is in place, while
    /// this thread makes the new tree durable and removes the transaction's folder; the commit
    /// returns (or throws) after it ends. It is for work that needs the placed files but not their
    /// durability: an import's usage cache learns their stamps. Should the flush fail, the tree is
    /// rolled back, and stamps taken of the files placed match none of the files put back.
    @discardableResult
    func commit(whileFlushing: (@Sendable (Int) -> Void)? = nil) throws -> Int {
        precondition(!finished)
        try staging.settle()
        let created = try foldersToCreate()
        var backups = false
        for index in operations.indices where FileSystem.exists("\(root)/\(operations[index].target)") {
            // Made for the first file replaced: an import into an empty project replaces none.
            if !backups { try FileSystem.makeDirectories("\(folder)/old") }
            backups = true
            let backup = "old/\(index)"
            try FileSystem.link("\(root)/\(operations[index].target)", to: "\(folder)/\(backup)")
            operations[index].backup = backup
            try step()
        }
        let journal = Journal(operations: operations, createdFolders: created)
        try FileSystem.write(try StateCoding.encode(journal), to: "\(folder)/journal.tmp")
        try FileSystem.rename("\(folder)/journal.tmp", to: "\(folder)/journal.json")
        // Staged files, backups and journal, durable in one flush.
        try FileSystem.syncFileSystem(containing: folder)
        try step()
        let placing = FileSystem.fileTimeNow()
        var alongside: Pending<Void>?
        defer { _ = try? alongside?.value() }
        do {
            for path in created {
                try FileSystem.makeDirectories("\(root)/\(path)")
                try step()
            }
            for (index, operation) in operations.enumerated() {
                if let failAfterRenames, index == failAfterRenames {
                    throw FileSystem.Failure(operation: "rename (forced failure for testing)", path: operation.target, code: EIO)
                }
                if let staged = operation.staged {
                    try FileSystem.rename("\(folder)/\(staged)", to: "\(root)/\(operation.target)")
                } else {
                    try FileSystem.remove("\(root)/\(operation.target)")
                }
                try step()
            }
            for path in emptiedFolders { rmdir("\(root)/\(path)") }
            alongside = whileFlushing.map { work in Pending { work(placing) } }
            try FileSystem.syncFileSystem(containing: root)
            try step()
        } catch {
            try Transaction.rollBack(folder: folder, root: root, journal: journal)
            finished = true
            // Rolled back: the journal is spent, and the tree must hold exactly what it held before.
            Transaction.remove(folder)
            throw error
        }
        finished = true
        Transaction.dropJournal(folder)  // the commit point
        try step()
        Transaction.remove(folder)
        return placing
    }

    /// The folders the commit will create for the files it places, outermost first.
    func foldersToCreate() throws -> [String] {
        let folders = Set(operations.filter { $0.staged != nil }.map { FileSystem.folder(of: $0.target) }).filter { !$0.isEmpty }
        var created: [String] = []
        for folder in folders.sorted() {
            var current = folder
            var missing: [String] = []
            while !current.isEmpty, !FileSystem.exists("\(root)/\(current)") {
                missing.append(current)
                current = FileSystem.folder(of: current)
            }
            for path in missing.reversed() where !created.contains(path) { created.append(path) }
        }
        return created
    }

    private func step() throws {
        guard let remaining = crashCountdown else { return }
        if remaining <= 0 { kill(getpid(), SIGKILL) }
        crashCountdown = remaining - 1
    }

    /// Finishes or undoes every transaction an earlier process left behind. Runs under the workspace
    /// lock before any command looks at the workspace; returns how many it rolled back.
    @discardableResult
    static func recoverInterrupted(root: String) throws -> Int {
        let base = transactionsFolder(root: root)
        guard FileSystem.isDirectory(base) else { return 0 }
        var rolledBack = 0
        for id in try FileSystem.children(base) {
            let folder = "\(base)/\(id)"
            let journalPath = "\(folder)/journal.json"
            if FileSystem.exists(journalPath) {
                let journal = try StateCoding.decode(Journal.self, from: try FileSystem.read(journalPath), file: journalPath)
                try rollBack(folder: folder, root: root, journal: journal)
                rolledBack += 1
            }
            remove(folder)
        }
        // A process killed between creating `txn/` and its own folder in it leaves `txn/` empty.
        rmdir(base)
        return rolledBack
    }

    private static func rollBack(folder: String, root: String, journal: Journal) throws {
        for operation in journal.operations.reversed() {
            let target = "\(root)/\(operation.target)"
            if let backup = operation.backup {
                let saved = "\(folder)/\(backup)"
                if FileSystem.exists(saved) {
                    // A removal may have emptied (and so removed) the folder the file was in.
                    try FileSystem.makeDirectories(FileSystem.folder(of: target))
                    try FileSystem.rename(saved, to: target)
                }
            } else if let staged = operation.staged, FileSystem.exists(target), !FileSystem.exists("\(folder)/\(staged)") {
                try FileSystem.remove(target)
            }
        }
        for path in journal.createdFolders.reversed() { rmdir("\(root)/\(path)") }
        try FileSystem.syncFileSystem(containing: root)
    }
}
