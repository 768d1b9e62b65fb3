extension API {
    /// What a package job does: `POST /api/export_manifests/:id/export` starts an export,
    /// `POST /api/packages/import/:folder_id` an import.
    public enum JobOperation: String, Codable, Sendable {
        case export
        case `import`
    }

    /// Where a package job is. The platform may answer `processing` where rlcm's server answers
    /// `in_progress`; both mean the job still runs.
    public enum JobStatus: String, Codable, Sendable {
        case inProgress = "in_progress"
        case processing
        case completed
        case failed

        public var isRunning: Bool { self == .inProgress || self == .processing }
    }
}
