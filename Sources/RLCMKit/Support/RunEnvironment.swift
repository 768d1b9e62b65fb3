import Foundation

/// What a run of rlcm is given by whoever runs it: the clock it records by, where it may keep a
/// cache and temporary files, how long it waits for a lock, where it reports progress, and the
/// faults a test asks it to suffer. The library reads none of this from the process: the
/// executable builds the value from its environment variables, the server from the same, and a
/// test builds its own, so two runs given the same value behave the same.
public struct RunEnvironment: Sendable {
    /// The time rlcm records: workspace creation, import ids and history, connector versions,
    /// sharing records and mail, the server's jobs, manifests and tokens. A fixed clock makes two
    /// runs byte for byte the same (the golden files). Elapsed time (lock waits, progress) and the
    /// names of transient transaction folders read the system clock: they are not records, and a
    /// fixed clock would stop them.
    public var clock: @Sendable () -> Date
    /// Where the usage cache lives (`RecipeUsageCache`); nil: no cache, every scan reads recipes.
    public var cacheFolder: String?
    /// Where bytes set aside for a moment are spooled (`Spool`).
    public var temporaryFolder: String
    /// Seconds to wait for another command's lock on a workspace or a library.
    public var lockTimeout: Double
    /// Where long operations report how far they are.
    public var progress: (any ProgressSink)?
    /// Faults a crash-safety test injects; `.none` in every real run.
    public var faults: FaultInjection

    public init(clock: @escaping @Sendable () -> Date = { Date() }, cacheFolder: String? = nil, temporaryFolder: String = "/tmp",
                lockTimeout: Double = 30, progress: (any ProgressSink)? = nil, faults: FaultInjection = .none) {
        self.clock = clock
        self.cacheFolder = cacheFolder
        self.temporaryFolder = temporaryFolder
        self.lockTimeout = lockTimeout
        self.progress = progress
        self.faults = faults
    }

    /// The time to record now.
    public var now: Date { clock() }

    /// The same environment waiting `seconds` for locks: a server waits one time for reads and
    /// another for imports, and `--lock-timeout` overrides what the executable's environment says.
    public func waitingForLocks(_ seconds: Double) -> RunEnvironment {
        var environment = self
        environment.lockTimeout = seconds
        return environment
    }
}

/// Faults a transaction suffers on purpose, so that tests can prove it all-or-nothing: a process
/// killed at any step leaves a tree the next command rolls back, and a commit that fails part way
/// is rolled back in process.
public struct FaultInjection: Sendable {
    /// The number of transaction steps after which the process kills itself (SIGKILL).
    public var crashAfterSteps: Int?
    /// The number of renames after which a commit fails as a failed rename would.
    public var failCommitAfterRenames: Int?

    public init(crashAfterSteps: Int? = nil, failCommitAfterRenames: Int? = nil) {
        self.crashAfterSteps = crashAfterSteps
        self.failCommitAfterRenames = failCommitAfterRenames
    }

    /// No fault: what every real run has.
    public static let none = FaultInjection()
}
