import Foundation
import RLCMFormat

/// The lock that serialises every command touching a workspace (`.rlcm/lock`) or a library
/// (`<library>/lock`, see `FolderLibrary`).
///
/// It is an `flock`, so the kernel releases it when its holder dies, however it dies:
/// a lock left by a killed process never blocks anyone. The file also records who holds it, so a
/// waiting command can say whom it waited for, and a new holder can tell that the previous one died.
///
/// A `shared` lock is for readers: any number hold it together, none while a writer holds the
/// exclusive one, so a reader never sees a change half made. Readers leave the holder record alone.
public final class WorkspaceLock {
    private let fd: Int32
    private let shared: Bool
    /// The holder recorded in the lock file when it was acquired, if that holder did not release it
    /// cleanly (it was killed or crashed).
    public let recoveredFrom: String?

    /// Waits up to the environment's `lockTimeout` seconds for the lock, then fails with
    /// `busy(holder, waited)` (by default the workspace's error; a library says that the library is
    /// busy). The holder record says since when, by the environment's clock.
    public init(path: String, command: String, environment: RunEnvironment, shared: Bool = false,
                busy: (_ holder: String, _ waitedSeconds: Double) -> Error = { WorkspaceError.locked(holder: $0, waitedSeconds: $1) }) throws {
        let timeout = environment.lockTimeout
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if fd < 0 { throw FileSystem.Failure(operation: "open lock", path: path, code: errno) }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(fd, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let code = errno
                close(fd)
                throw FileSystem.Failure(operation: "lock", path: path, code: code)
            }
            if Date() >= deadline {
                let holder = WorkspaceLock.holder(fd: fd) ?? "another rlcm process"
                close(fd)
                throw busy(holder, timeout)
            }
            usleep(50_000)
        }
        self.fd = fd
        self.shared = shared
        if shared {
            recoveredFrom = nil
            return
        }
        self.recoveredFrom = WorkspaceLock.holder(fd: fd)
        let record = "rlcm \(command) (pid \(getpid()), since \(Timestamp.string(environment.now)))"
        ftruncate(fd, 0)
        _ = record.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        if !shared { ftruncate(fd, 0) }
        flock(fd, LOCK_UN)
        close(fd)
    }

    private static func holder(fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 512, 0) }
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }
}
