/// Where long operations report how far they are (the CLI draws it on a terminal's stderr). A
/// sink travels in a `RunEnvironment`, which crosses threads (the server runs each job on a thread
/// of its own), so it must be safe to share.
public protocol ProgressSink: Sendable {
    /// `done` of `total` items of `phase` ("reading package", "writing package", ...) are finished.
    func update(_ phase: String, done: Int, total: Int)
}
