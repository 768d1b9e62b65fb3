import Foundation

/// The tests' own Python: a venv under `.build/test-python` holding the pinned packages of
/// `Tests/python-requirements.txt`, made on first use, so that a fresh clone needs nothing but
/// `python3` and PyPI. An flock on `.build/test-python.lock` keeps two test processes from making
/// it at once; a copy of the requirements written last tells a finished, current venv from a
/// half-made or outdated one (which is brought up to date).
package enum TestPython {
    package static let requirements = SchemaValidator.repoRoot.path + "/Tests/python-requirements.txt"
    package static let venv = SchemaValidator.repoRoot.path + "/.build/test-python"

    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    /// The venv's `python3`, made or brought up to date first (once per test process).
    package static func executable() throws -> String { try prepared.get() }

    private static let prepared = Result { try prepare() }

    private static func prepare() throws -> String {
        try FileManager.default.createDirectory(atPath: SchemaValidator.repoRoot.path + "/.build", withIntermediateDirectories: true)
        let lock = open(venv + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw Failure(description: "cannot open \(venv).lock: \(String(cString: strerror(errno)))") }
        defer { close(lock) }  // closing releases the lock
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw Failure(description: "cannot lock \(venv).lock: \(String(cString: strerror(errno)))") }
        }
        let python = venv + "/bin/python3"
        let stamp = venv + "/installed-requirements.txt"
        let wanted = try String(contentsOfFile: requirements, encoding: .utf8)
        if (try? String(contentsOfFile: stamp, encoding: .utf8)) == wanted { return python }
        if !FileManager.default.isExecutableFile(atPath: python) {
            try? FileManager.default.removeItem(atPath: venv)
            try run("python3", ["-m", "venv", venv])
        }
        try run(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirements])
        try wanted.write(toFile: stamp, atomically: true, encoding: .utf8)
        return python
    }

    private static func run(_ tool: String, _ arguments: [String]) throws {
        let result = try runTool(tool, arguments)
        guard result.status == 0 else {
            throw Failure(description: "making the tests' Python environment in \(venv): \(tool) \(arguments.joined(separator: " ")) exited \(result.status):\n\(result.output)")
        }
    }
}
