import Foundation
import RLCMFormat
import RLCMKit

/// The one place that decides how rlcm's errors end the process.
enum ExitCodes {
    /// 1 for every problem rlcm reports itself (an `RLCMError`) and for a system error that reaches
    /// this far; nil leaves argument errors to ArgumentParser (exit 64).
    static func code(for error: Error) -> Int32? {
        error is RLCMError || error is LocalizedError ? 1 : nil
    }

    static func message(for error: Error) -> String {
        String(describing: error)
    }
}
