import Foundation
import RLCMAPI
import RLCMKit

/// The filters and order of `GET /api/recipes`, read strictly from the query (a value the
/// platform would refuse is a 400 naming the parameter).
///
/// - `running=true`: running recipes only (`false` does not filter).
/// - `since_id`: recipes whose id is lower.
/// - `adapter_names_any`, `adapter_names_all` (comma-separated): recipes using any, or all, of
///   the connectors, by the names the API gives them (step and `config[]` providers).
/// - `stop_cause`: recipes the platform stopped for that cause. A workspace runs no jobs, so
///   none was: the filter leaves no recipe.
/// - `updated_after`: recipes whose file changed after that time (`updated_at`).
/// - `order`: `default` is newest id first; `activity` is the most recently changed first (a
///   recipe's activity in a workspace is its file changing), newest id first among equals.
struct RecipeFilter {
    enum Order: String, CaseIterable { case activity, `default` }
    /// The causes the official client offers.
    enum StopCause: String, CaseIterable { case triggerErrorsLimit = "trigger_errors_limit", actionQuotaLimit = "action_quota_limit"
        case trialExpired = "trial_expired", txnQuotaLimit = "txn_quota_limit" }

    var running: Bool
    var sinceId: Int?
    var anyOf: Set<String>?
    var allOf: Set<String>?
    var stopCause: StopCause?
    var updatedAfter: Date?
    var order: Order

    init(_ query: Query) throws {
        running = try query.bool("running") ?? false
        sinceId = try query.int("since_id")
        anyOf = try Self.names(query, "adapter_names_any")
        allOf = try Self.names(query, "adapter_names_all")
        stopCause = try query.oneOf("stop_cause", StopCause.self)
        updatedAfter = try query.clientTime("updated_after")
        order = try query.oneOf("order", Order.self) ?? .default
    }

    private static func names(_ query: Query, _ name: String) throws -> Set<String>? {
        guard let text = query.string(name) else { return nil }
        let names = Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        guard !names.isEmpty else { throw APIError.badRequest(name, "must name at least one adapter") }
        return names
    }

    /// The page of the files that pass, in the order asked for. `files` come newest first, which
    /// is the default order: then only the files up to the page's end are looked at (a recipe is
    /// read only for the adapter filters), so a page's cost follows the page, not the workspace.
    func select(_ files: [(path: String, id: Int)], page: (page: Int, perPage: Int), view: WorkspaceView,
                states: RecipeStates) throws -> [(path: String, id: Int)] {
        guard stopCause == nil else { return [] }
        guard updatedAfter != nil || order == .activity else {
            // At most `files.count` pass: the page's positions among them lie within these.
            let wanted = files.pageRange(page)
            var (passing, selected) = (0, [(path: String, id: Int)]())
            for file in files {
                guard passing < wanted.upperBound else { break }
                guard try passes(file, view: view, states: states) else { continue }
                if passing >= wanted.lowerBound { selected.append(file) }
                passing += 1
            }
            return selected
        }
        var selected = try files.filter { try passes($0, view: view, states: states) }
        // To the second, as `updated_at` shows it.
        let changed = Dictionary(selected.map { ($0.path, (WorkspaceView.modified(view.workspace.path($0.path)) ?? .distantPast).timeIntervalSince1970.rounded(.down)) },
                                 uniquingKeysWith: { a, _ in a })
        if let updatedAfter { selected = selected.filter { changed[$0.path]! > updatedAfter.timeIntervalSince1970 } }
        switch order {
        case .default: selected.sort { $0.id > $1.id }
        case .activity: selected.sort { (changed[$0.path]!, $0.id) > (changed[$1.path]!, $1.id) }
        }
        return Array(selected.page(page))
    }

    /// Whether a file passes the filters that do not need its time.
    private func passes(_ file: (path: String, id: Int), view: WorkspaceView, states: RecipeStates) throws -> Bool {
        guard !running || states.isRunning(file.path), sinceId.map({ file.id < $0 }) ?? true else { return false }
        guard anyOf != nil || allOf != nil else { return true }
        let used = Set(try view.providers(ofRecipe: file.path))
        return (anyOf.map { !used.isDisjoint(with: $0) } ?? true) && (allOf.map { $0.isSubset(of: used) } ?? true)
    }
}
