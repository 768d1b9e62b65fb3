/// The history read as who wrote what: for each file, the record whose contents it should hold
/// now, and for each record the writer it replaced there. A rollback gives a file back to the
/// writer the undone record replaced, and the undone record becomes what the rollback replaced,
/// so rolling back the rollback gives the file back to it. This is what decides which records can
/// be rolled back, and in what order.
struct HistoryLine {
    /// Every record, oldest first.
    let records: [HistoryRecord]
    /// Record id → the rollback that undid it, while that rollback stands.
    private(set) var undoneBy: [String: String] = [:]
    /// Path → id of the record whose contents the file should hold.
    private(set) var lastWriter: [String: String] = [:]
    /// Record id → path → the writer it replaced there (nil: none known).
    private var replaced: [String: [String: String?]] = [:]

    /// `records`, oldest first; `changes` gives the paths a record changed (nil: its undo data is
    /// gone, and with it what it wrote).
    init(_ records: [HistoryRecord], changes: (HistoryRecord) throws -> [String]? = { _ in nil }) rethrows {
        self.records = records
        for record in records {
            let paths = try changes(record) ?? []
            var previous: [String: String?] = [:]
            if record.kind == .rollback, let undone = record.undid {
                // The file goes back to whoever the undone record replaced there.
                for path in paths {
                    previous[path] = lastWriter[path]
                    lastWriter[path] = replaced[undone]?[path] ?? nil
                }
                undoneBy[undone] = record.id
                // Undoing a rollback brings back what it undid, which undid in turn, and so on.
                var chain = undone, standsAgain = true
                while let inner = records.first(where: { $0.id == chain })?.undid {
                    undoneBy[inner] = standsAgain ? nil : chain
                    standsAgain.toggle()
                    chain = inner
                }
                replaced[record.id] = previous
                continue
            }
            for path in paths {
                previous[path] = lastWriter[path]
                lastWriter[path] = record.id
            }
            replaced[record.id] = previous
        }
    }

    /// The records that wrote any of `paths` after `id` and still stand there, newest first: what
    /// must be rolled back before `id` can be.
    func newerWriters(of paths: [String], than id: String) -> [String] {
        var found = Set<String>()
        for path in paths {
            var writer = lastWriter[path] ?? nil
            var seen = Set<String>()
            while let current = writer, current != id, seen.insert(current).inserted {
                found.insert(current)
                writer = replaced[current]?[path] ?? nil
            }
        }
        return found.sorted(by: >)
    }
}
