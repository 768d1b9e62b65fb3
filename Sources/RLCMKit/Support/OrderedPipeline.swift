/// Runs `transform` on every core, a batch of a few megabytes at a time, while the caller
/// produces the next batch (a package is inflated on one thread while its entries are read on
/// all cores: reading takes several times longer than inflating), and hands the results back on
/// the caller's thread in the order the inputs came. At most two batches are alive, so memory
/// stays bounded whatever the package's size, and errors come in input order, as they would on
/// one core.
struct OrderedPipeline<Input: Sendable, Output: Sendable> {
    private let transform: @Sendable (Input) throws -> Output
    private let batchBytes: Int
    private var batch: [Input] = []
    private var size = 0
    private var running: Pending<[Output]>?
    /// Set once a batch failed: what is left comes later, and its problems must not replace that one.
    private var failed = false

    init(batchBytes: Int = 2 << 20, _ transform: @escaping @Sendable (Input) throws -> Output) {
        self.batchBytes = batchBytes
        self.transform = transform
    }

    /// Runs `produce`, which hands over inputs through `add` (with their size in bytes), then the
    /// rest, delivering every result in order. When `produce` fails, the results of the inputs it
    /// handed over before are delivered first: their problems came earlier.
    mutating func run(deliver: (Output) throws -> Void,
                      _ produce: (_ add: (Input, _ bytes: Int) throws -> Void) throws -> Void) throws {
        // `produce` only calls `add` while it runs; the compiler cannot see that `deliver`, called
        // from inside `add`, does not re-enter `produce`.
        try withoutActuallyEscaping(deliver) { deliver in
            do {
                try produce { input, bytes in try add(input, bytes: bytes, deliver: deliver) }
            } catch {
                try finish(deliver: deliver)
                throw error
            }
            try finish(deliver: deliver)
        }
    }

    /// Queues `input`; when a batch is full, waits for the running one, hands its results to
    /// `deliver` and starts the next.
    private mutating func add(_ input: Input, bytes: Int, deliver: (Output) throws -> Void) throws {
        batch.append(input)
        size += bytes
        if size >= batchBytes { try flush(deliver) }
    }

    /// Runs what is left and delivers every result. After a failure it delivers nothing more.
    private mutating func finish(deliver: (Output) throws -> Void) throws {
        if failed { return }
        try flush(deliver)
        try collect(deliver)
    }

    private mutating func flush(_ deliver: (Output) throws -> Void) throws {
        try collect(deliver)
        let inputs = batch, transform = self.transform
        batch = []
        size = 0
        if !inputs.isEmpty { running = Pending { try inputs.concurrentResults(transform).map { try $0.get() } } }
    }

    private mutating func collect(_ deliver: (Output) throws -> Void) throws {
        guard let running else { return }
        self.running = nil
        do {
            for output in try running.value() { try deliver(output) }
        } catch {
            failed = true
            throw error
        }
    }
}
