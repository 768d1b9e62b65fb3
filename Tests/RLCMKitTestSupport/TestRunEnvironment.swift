import Foundation
import RLCMKit
import RLCMTestSupport

extension RunEnvironment {
    /// A run whose usage cache and temporary files stay in `folder`, at the fixed time the tests'
    /// `rlcm` processes get (`fixedImportTime`), so an in-process call records what they do.
    package static func testing(in folder: String) -> RunEnvironment {
        RunEnvironment(clock: { Date(timeIntervalSince1970: Double(fixedImportTime)!) }, cacheFolder: folder + "/cache", temporaryFolder: folder)
    }
}

extension Workspace {
    /// A copy of the sample workspace `SampleManifests/<name>` at `path`.
    package static func sample(_ name: String, copiedTo path: String) throws -> Workspace {
        try FileManager.default.copyItem(atPath: SchemaValidator.repoRoot.path + "/SampleManifests/" + name, toPath: path)
        return try Workspace(root: path)
    }

    /// Runs `body` on the workspace holding its lock, as a test's command in `environment`.
    package func session<T>(_ environment: RunEnvironment, _ body: (WorkspaceSession) throws -> T) throws -> T {
        try locked(command: "test", environment: environment, body)
    }
}
