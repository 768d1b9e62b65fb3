/// Where work that waits on something else (a remote's answers, its jobs) says what it waits
/// for. The executable draws it as one line on a terminal; the library owns no terminal, so
/// without a sink it stays silent.
public protocol StatusSink: Sendable {
    /// What is being waited for now, in place of what was shown before.
    func show(_ status: String)
    /// The wait is over: nothing is shown any more.
    func clear()
}
