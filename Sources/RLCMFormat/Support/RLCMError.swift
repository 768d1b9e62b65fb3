import Foundation

/// An error rlcm reports to a person. Its `description` is a sentence that names the file,
/// entry or value at fault and, where there is one, what to do about it; `errorDescription`
/// hands that same sentence to Foundation. Every error rlcm throws conforms, so the executable
/// maps them all to an exit status in one place.
public protocol RLCMError: Error, CustomStringConvertible, LocalizedError {}

extension RLCMError {
    public var errorDescription: String? { description }
}
