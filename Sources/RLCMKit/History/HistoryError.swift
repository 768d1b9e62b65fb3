import RLCMFormat

/// Why a rollback cannot run, or undo data cannot be read.
public enum HistoryError: RLCMError, Equatable {
    case unknownRecord(id: String, recent: [String])
    case alreadyRolledBack(id: String, by: String)
    /// The record is older than undo data, or its undo data was pruned.
    case noUndoData(id: String, kept: Int)
    case missingObject(path: String, object: String)
    case unknownProject(String, known: [String])
    case rollbackBlocked(id: String, problems: [String])

    public var description: String {
        switch self {
        case .unknownRecord(let id, let recent):
            let list = recent.isEmpty ? "the workspace has no history yet" : "the newest are \(recent.joined(separator: ", "))"
            return "no import or rollback '\(id)' in this workspace's history (\(list); see 'rlcm history')"
        case .alreadyRolledBack(let id, let by):
            return "'\(id)' was already rolled back by '\(by)'; to bring it back, roll back '\(by)'"
        case .noUndoData(let id, let kept):
            return "'\(id)' cannot be rolled back: its undo data is not kept (the workspace keeps it for the last \(kept) imports and rollbacks; 'rlcm workspace set --undo-kept N' keeps more from now on)"
        case .missingObject(let path, let object):
            return "the undo data for '\(path)' is missing or damaged ('\(object)'); nothing was changed"
        case .rollbackBlocked(let id, let problems):
            return "the rollback of '\(id)' is blocked; nothing was written:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        case .unknownProject(let project, let known):
            let list = known.isEmpty ? "no project has been imported into yet" : "imported projects: \(known.joined(separator: ", "))"
            return "no import has written project '\(project)' (\(list))"
        }
    }
}
