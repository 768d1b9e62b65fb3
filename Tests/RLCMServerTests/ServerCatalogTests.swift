import Foundation
import Hummingbird
import RLCMAPI
import RLCMKitTestSupport
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit
@testable import RLCMServer

/// The server keeps its catalog of the workspace between requests; what is changed on disk while
/// it runs, by anything but the server, is what the next request answers.
@Suite("rlcm serve: listings follow the files on disk", .serialized)
struct ServerCatalogTests {
    @Test("A recipe edited in place, added in a new folder or removed while the server runs is what the next GET answers; ids stay as they were")
    func diskChangesSeenByTheNextRequest() async throws {
        let sandbox = try ServedSandbox()
        // Past the catalog's margin, the copied folders' listings are trusted by their stamps
        // instead of being read again at every request: the changes below must show through them.
        try await Task.sleep(for: .milliseconds(2_100))
        let root = sandbox.root
        try await sandbox.withClient { api in
            func recipes(_ query: String = "") async throws -> [[String: Any]] {
                let answer = try await api.call(.get, "/api/recipes\(query)")
                #expect(answer.status == 200, "\(answer.text)")
                return answer.object["items"] as? [[String: Any]] ?? []
            }
            func names(_ items: [[String: Any]]) -> [String] { items.compactMap { $0["name"] as? String } }
            func recipesCount() async throws -> Int? { try await api.call(.get, "/api/users/me").object["recipes_count"] as? Int }

            let before = try await recipes()
            let ids = Dictionary(before.map { ($0["name"] as! String, $0["id"] as! Int) }, uniquingKeysWith: { a, _ in a })
            #expect(before.count == 3 && ids["New order to fulfilment"] != nil && ids["Notify ops channel"] != nil, "\(names(before))")
            #expect(try await recipesCount() == before.count)

            // The files are settled, so their answers are kept: spliced into the list exactly as the
            // list itself encodes, and following what changes beside the file (the running state).
            for _ in 0..<2 {
                let raw = try await api.call(.get, "/api/recipes")
                let list = try JSONDecoder().decode(API.RecipeList.self, from: Data(raw.text.utf8))
                #expect(String(buffer: try APIJSON.encode(list)) == raw.text)
            }
            let running = { (items: [[String: Any]]) in items.first { $0["id"] as? Int == ids["New order to fulfilment"] }?["running"] as? Bool }
            #expect(running(before) == false)
            let started = try await api.call(.put, "/api/recipes/\(ids["New order to fulfilment"]!)/start")
            #expect(started.status == 200 && started.object["success"] as? Bool == true, "\(started.text)")
            #expect(running(try await recipes()) == true)

            // Edited in place: the folder's listing does not change, the recipe's answer does.
            let track = "\(root)/Order Sync/orders/new_order_to_fulfilment.recipe.json"
            let text = try String(contentsOfFile: track, encoding: .utf8)
            try Data(text.replacingOccurrences(of: "\"New order to fulfilment\"", with: "\"New order to shipment\"").utf8).write(to: URL(fileURLWithPath: track))
            let edited = try await recipes()
            #expect(edited.first { $0["id"] as? Int == ids["New order to fulfilment"] }?["name"] as? String == "New order to shipment", "\(names(edited))")

            // Added in a folder made meanwhile: a new id, so first in the newest-first order; the folder is listed too.
            _ = try FileSystem.makeDirectories("\(root)/Order Sync/returns")
            try FileSystem.replace("\(root)/Order Sync/returns/refund.recipe.json",
                                   with: Array(#"{"name": "Refund", "code": {"keyword": "trigger", "provider": "clock", "name": "tick"}, "config": []}"#.utf8))
            let added = try await recipes()
            #expect(names(added).first == "Refund" && added.count == before.count + 1, "\(names(added))")
            let refundId = try #require(added.first?["id"] as? Int)
            #expect(refundId > ids.values.max()!)
            let project = try #require(try await api.call(.get, "/api/projects").array.first { $0["name"] as? String == "Order Sync" }?["id"] as? Int)
            let folders = try await api.call(.get, "/api/folders?parent_id=\(project)").array
            let returns = try #require(folders.first { $0["name"] as? String == "returns" }?["id"] as? Int)
            #expect(names(try await recipes("?folder_id=\(returns)")) == ["Refund"])
            #expect(try await recipesCount() == before.count + 1)

            // A page is the same part of the whole list whether listed alone or with the rest.
            let all = try await recipes()
            #expect(try await recipes("?per_page=2&page=2").map { $0["id"] as? Int } == all[2..<4].map { $0["id"] as? Int })
            #expect(try await recipes("?since_id=\(refundId)&per_page=1").map { $0["id"] as? Int } == [all[1]["id"] as? Int])

            // Removed: gone from the next answer; the others keep their ids.
            try FileSystem.remove("\(root)/Order Sync/orders/notify_ops_channel.recipe.json")
            let removed = try await recipes()
            #expect(!names(removed).contains("Notify ops channel") && removed.count == before.count, "\(names(removed))")
            let kept = Dictionary(removed.map { ($0["name"] as! String, $0["id"] as! Int) }, uniquingKeysWith: { a, _ in a })
            #expect(kept["New order to shipment"] == ids["New order to fulfilment"] && kept["Refund"] == refundId)
        }
        #expect(try sandbox.recorder.validate().problems.isEmpty)
    }
}
