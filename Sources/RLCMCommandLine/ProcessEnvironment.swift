import Foundation
import RLCMKit

extension RunEnvironment {
    /// The run this process was asked for, read from its environment variables: the one place
    /// rlcm reads them for the library, which keeps its defaults for those not set.
    /// - `RLCM_NOW` (unix seconds) fixes the clock, so tests and golden files compare two runs byte
    ///   for byte;
    /// - `RLCM_CACHE_DIR`, else `$XDG_CACHE_HOME/rlcm`, else `~/.cache/rlcm`: the usage cache;
    /// - `TMPDIR`: spooled bytes and remote snapshots;
    /// - `RLCM_LOCK_TIMEOUT` (seconds): `--lock-timeout` overrides it;
    /// - `RLCM_CRASH_AFTER_STEPS` and `RLCM_FAIL_AFTER_RENAMES`: the faults the crash-safety tests
    ///   inject into real `rlcm` processes, which they kill or watch fail.
    /// Progress is drawn on stderr when it is a terminal.
    static func fromProcess() -> RunEnvironment {
        let variables = ProcessInfo.processInfo.environment
        var environment = RunEnvironment(progress: TerminalProgress.forStandardError())
        if let fixed = variables["RLCM_NOW"].flatMap(Double.init).map(Date.init(timeIntervalSince1970:)) { environment.clock = { fixed } }
        environment.cacheFolder = variables["RLCM_CACHE_DIR"] ?? variables["XDG_CACHE_HOME"].map { "\($0)/rlcm" }
            ?? variables["HOME"].map { "\($0)/.cache/rlcm" }
        if let folder = variables["TMPDIR"], !folder.isEmpty { environment.temporaryFolder = folder }
        if let seconds = variables["RLCM_LOCK_TIMEOUT"].flatMap(Double.init) { environment.lockTimeout = seconds }
        environment.faults = FaultInjection(crashAfterSteps: variables["RLCM_CRASH_AFTER_STEPS"].flatMap(Int.init),
                                            failCommitAfterRenames: variables["RLCM_FAIL_AFTER_RENAMES"].flatMap(Int.init))
        return environment
    }
}
