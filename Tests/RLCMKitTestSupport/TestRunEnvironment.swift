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
