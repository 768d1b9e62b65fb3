import Foundation
import RLCMFormat
import Synchronization

/// Each recipe's answer as `GET /api/recipes` encodes it, kept between requests: a page of recipes
/// that did not change then costs a `stat` of each instead of parsing, resolving and encoding them
/// again, which was nine tenths of a page's work (bench/README.md, "The page series").
///
/// An answer is kept with everything it was made from that can change while the server runs
/// (`Basis`): the file's stamp, whether the recipe runs, the catalog generation (the folders and
/// connections its ids name) and whether its code was left out. Only answers whose file's stamp was
/// settled before the file was read are kept (`FileSystem.Stamp.isSettled`): a file written twice
/// in one tick of the file clock keeps its stamp. At most `limit` bytes are kept; an answer that
/// would go past it lets all of them go, so memory stays bounded whatever is asked for.
final class RecipeAnswers: Sendable {
    struct Basis: Equatable, Sendable {
        var stamp: FileSystem.Stamp
        var running: Bool
        var generation: Int
        var excludeCode: Bool
    }

    private struct Kept {
        var answers: [String: (basis: Basis, json: Data)] = [:]
        var bytes = 0
    }

    let limit: Int
    private let kept = Mutex(Kept())

    init(limit: Int = 32 << 20) {
        self.limit = limit
    }

    /// The answer for the recipe at `path` made from `basis` (nil: the file is gone, nothing is
    /// kept), as it was kept or as `make` makes it now.
    func answer(_ path: String, basis: Basis?, make: () throws -> Data) throws -> Data {
        if let basis, let found = kept.withLock({ $0.answers[path] }), found.basis == basis { return found.json }
        let now = FileSystem.fileTimeNow()
        let json = try make()
        guard let basis, basis.stamp.isSettled(now: now) else { return json }
        kept.withLock { kept in
            if kept.bytes + json.count > limit { kept = Kept() }
            kept.bytes += json.count - (kept.answers[path]?.json.count ?? 0)
            kept.answers[path] = (basis, json)
        }
        return json
    }
}
