/// Where long operations report how far they are (the CLI draws it on a terminal's stderr).
public protocol ProgressSink {
    /// `done` of `total` items of `phase` ("reading package", "writing package", ...) are finished.
    func update(_ phase: String, done: Int, total: Int)
}
