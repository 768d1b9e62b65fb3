import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// The content the usage cache records for the recipes an import wrote, by which the next import
/// compares them without reading them: real imports and plans, real cache files.
@Suite("Recorded content") struct RecordedContentTests {
    typealias CacheFile = PlanTests.UsageCacheFile
    static let newOrder = PlanTests.newOrder

    /// A workspace into which the fixture was imported with the cache at `cache`, and a package of
    /// the fixture whose recipe `newOrder` is changed by `change`.
    func scene(_ change: @escaping (String) -> String) throws -> (scratch: ImportScratch, cache: String, zip: String) {
        let scratch = try ImportScratch()
        let cache = scratch.root + "-cache"
        try scratch.rlcm(["import", try scratch.fixtureZip(), "--into", "Order Sync"], environment: ["RLCM_CACHE_DIR": cache]).check()
        let package = try scratch.fixtureCopy("changed")
        try edit(package + "/orders/new_order_to_fulfilment.recipe.json", change)
        return (scratch, cache, try scratch.zip(package, to: "changed.zip"))
    }

    func plan(_ scratch: ImportScratch, _ zip: String, cache: String) throws -> [String: Any] {
        try jsonObject(try scratch.rlcm(["plan", zip, "--into", "Order Sync", "--json"], environment: ["RLCM_CACHE_DIR": cache]).check().stdout)
    }

    func asset(_ plan: [String: Any], _ path: String) -> [String: Any]? {
        (plan["assets"] as? [[String: Any]])?.first { $0["path"] as? String == path }
    }

    /// Records `bytes` as the content of `newOrder` in the cache, at the stamp the cache holds.
    func record(_ bytes: [UInt8], in cache: String) throws {
        var file = try CacheFile(cache)
        let fields = try #require(file.records[Self.newOrder])
        file.records[Self.newOrder] = Array(fields.prefix(6)) + [Hashing.sha256(bytes)]
        try file.write()
    }

    @Test("a recipe whose stamp is the one recorded is compared by its recorded content, not read; the plan is the one reading it gives",
          arguments: [false, true])
    func recordedContentGivesTheSamePlan(reformattedOnly: Bool) throws {
        let (scratch, cache, zip) = try scene {
            reformattedOnly ? $0.replacingOccurrences(of: "\n", with: "\n  ") : $0.replacingOccurrences(of: "\"version\": 7", with: "\"version\": 8")
        }
        try record(scratch.read(Self.newOrder), in: cache)
        let recorded = try plan(scratch, zip, cache: cache)
        #expect(try CacheFile(cache).records[Self.newOrder]?.count == 7, "the plan keeps the recorded content")
        let read = try plan(scratch, zip, cache: scratch.root + "-no-cache")
        #expect(NSDictionary(dictionary: recorded) == NSDictionary(dictionary: read))
        #expect(asset(recorded, Self.newOrder)?["action"] as? String == "update")
        #expect(asset(recorded, Self.newOrder)?["content_differs"] as? Bool == !reformattedOnly)
    }

    @Test("the recorded content is trusted only while the recipe's stamp is the one recorded: rewriting the same bytes makes it read again")
    func recordedContentFollowsTheStamp() throws {
        let bump = { (text: String) in text.replacingOccurrences(of: "\"version\": 7", with: "\"version\": 8") }
        let (scratch, cache, zip) = try scene(bump)
        let current = scratch.read(Self.newOrder)
        // A record no read would give: it says the file already holds what the package now carries.
        let incoming = Array(bump(String(decoding: current, as: UTF8.self)).utf8)
        try record(incoming, in: cache)
        let trusted = try plan(scratch, zip, cache: cache)
        #expect(asset(trusted, Self.newOrder)?["action"] as? String == "unchanged", "the recorded content answered: the file was not read")
        let prints = try #require(trusted["fingerprints"] as? [[String: Any]])
        #expect(prints.first { $0["path"] as? String == Self.newOrder }?["sha256"] as? String == Hashing.sha256(incoming))

        try Data(current).write(to: URL(fileURLWithPath: scratch.root + "/" + Self.newOrder))
        let reread = try plan(scratch, zip, cache: cache)
        #expect(asset(reread, Self.newOrder)?["action"] as? String == "update")
        #expect(asset(reread, Self.newOrder)?["content_differs"] as? Bool == true)
    }

    @Test("a recorded content that is not a digest as rlcm writes it is not trusted: the recipe is read, and fingerprinted by what it holds")
    func malformedContentIsRead() throws {
        let (scratch, cache, zip) = try scene { $0.replacingOccurrences(of: "\"version\": 7", with: "\"version\": 8") }
        let current = scratch.read(Self.newOrder)
        var file = try CacheFile(cache)
        let fields = try #require(file.records[Self.newOrder])
        for sha256 in [Hashing.sha256(current).uppercased(), Hashing.sha256(current) + "0"] {
            file.records[Self.newOrder] = Array(fields.prefix(6)) + [sha256]
            try file.write()
            let planned = try plan(scratch, zip, cache: cache)
            let prints = try #require(planned["fingerprints"] as? [[String: Any]])
            #expect(prints.first { $0["path"] as? String == Self.newOrder }?["sha256"] as? String == Hashing.sha256(current), "\(sha256)")
        }
    }

    @Test("an import records a recipe's content only as what it wrote: every content recorded is the file's")
    func importRecordsWhatItWrote() throws {
        let (scratch, cache, zip) = try scene { $0.replacingOccurrences(of: "\"version\": 7", with: "\"version\": 8") }
        try scratch.rlcm(["import", zip, "--into", "Order Sync"], environment: ["RLCM_CACHE_DIR": cache]).check()
        for (path, fields) in try CacheFile(cache).records where fields.count == 7 {
            let bytes = scratch.read(path)
            #expect(fields[6] == Hashing.sha256(bytes), "\(path)")
        }
    }

    @Test("a written recipe's content is vouched for when its time precedes the placing of the staged files; an unchanged one's while its stamp is the one that vouched")
    func contentIsVouchedByTime() throws {
        let content = RecipeUsageCache.Content(sha256: "s")
        let stamp = FileSystem.Stamp(size: 1, modified: 100, changed: 100, inode: 7)
        let written = RecipeUsageCache.Written(entry: .init(keys: [], steps: []), size: 1, content: content)
        #expect(written.content(at: stamp, placing: 101) == content)
        #expect(written.content(at: stamp, placing: 100) == nil, "as new as the placing: it may have been written after")
        let unchanged = RecipeUsageCache.Written(entry: .init(keys: [], steps: []), size: 1, content: content, vouchedStamp: stamp)
        #expect(unchanged.content(at: stamp, placing: 0) == content)
        var changed = stamp
        changed.changed += 1
        #expect(unchanged.content(at: changed, placing: 1_000) == nil)

        // The clock the placing is read from never runs ahead of the times files are given.
        let scratch = try ImportScratch()
        for round in 0..<20 {
            let now = FileSystem.fileTimeNow()
            try scratch.write("clock/\(round).json", "{}")
            #expect(try #require(FileSystem.stamp(scratch.root + "/clock/\(round).json")).modified >= now)
        }
    }
}
