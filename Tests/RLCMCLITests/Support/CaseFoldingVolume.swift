import Foundation
import RLCMTestSupport

/// A real file system that folds letter case, mounted for one test: an exFAT image on a loop
/// device through FUSE (`exfat-fuse`, `exfatprogs`; `scripts/quickstart` installs them). It needs
/// root, as CI and the README's machine have; elsewhere `make()` returns nil and the test that
/// needs it is disabled, saying why.
final class CaseFoldingVolume {
    let mountPoint: String
    private let device: String
    private let dir: TempDir

    /// Whether this machine can mount one (checked once).
    static let available: Bool = {
        getuid() == 0 && ["losetup", "mkfs.exfat", "mount.exfat-fuse", "umount"].allSatisfy { tool in
            (try? runTool("sh", ["-c", "command -v \(tool)"]).status) == 0
        } && FileManager.default.fileExists(atPath: "/dev/fuse")
    }()

    init() throws {
        dir = TempDir()
        let image = dir.file("volume.img")
        mountPoint = dir.file("mnt")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        for (tool, arguments) in [("truncate", ["-s", "64M", image]), ("mkfs.exfat", [image])] {
            let result = try runTool(tool, arguments)
            guard result.status == 0 else { throw CLIFailure(description: "\(tool): \(result.output)") }
        }
        let attached = try runTool("losetup", ["-f", "--show", image])
        guard attached.status == 0 else { throw CLIFailure(description: "losetup: \(attached.output)") }
        device = attached.output.trimmingCharacters(in: .whitespacesAndNewlines)
        // The FUSE daemon outlives the command, which Foundation's Process never sees exit: it is
        // spawned directly, and the mount is known by the mount point's device changing.
        Self.spawn(["/usr/sbin/mount.exfat-fuse", device, mountPoint])
        guard Self.isMountPoint(mountPoint) else {
            _ = try? runTool("losetup", ["-d", device])
            throw CLIFailure(description: "mount.exfat-fuse did not mount \(device) on \(mountPoint)")
        }
    }

    private static func spawn(_ arguments: [String]) {
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_RDWR, 0) }
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&pid, arguments[0], &actions, nil, argv, environ) == 0 else { return }
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }

    private static func isMountPoint(_ path: String) -> Bool {
        var own = stat(), parent = stat()
        return stat(path, &own) == 0 && stat((path as NSString).deletingLastPathComponent, &parent) == 0 && own.st_dev != parent.st_dev
    }

    deinit {
        _ = try? runTool("umount", [mountPoint])
        _ = try? runTool("losetup", ["-d", device])
    }
}
