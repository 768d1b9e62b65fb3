import RLCMFormat

/// One place where two JSON documents differ: a value changed, added (`old` nil) or removed (`new`
/// nil). Objects are compared by key whatever their order; arrays of objects that each carry a
/// distinct `uuid` (a recipe's steps) by that id, so that a step inserted in a block is one
/// addition rather than a change of every step after it; other arrays element by element, the
/// longer one's extra elements added or removed; anything else is compared whole.
struct JSONDifference: Sendable, Equatable {
    typealias Step = JSONPath.Step

    /// From the root to the value, as steps and as a `$.a.b[2]` path.
    var steps: [Step]
    var path: String
    var old: JSONValue?
    var new: JSONValue?

    /// Where `old` and `new` differ, in document order (the new document's, then keys only the old
    /// one has).
    static func between(_ old: JSONValue, _ new: JSONValue) -> [JSONDifference] {
        var found: [JSONDifference] = []
        var steps: [Step] = []
        compare(old, new, steps: &steps, into: &found)
        return found
    }

    /// Walks both documents together. The `$.a.b[2]` path is spelled only where they differ: made
    /// for every value visited, it was half of a re-import's comparisons (bench/README.md).
    private static func compare(_ old: JSONValue?, _ new: JSONValue?, steps: inout [Step], into found: inout [JSONDifference]) {
        switch (old, new) {
        case (.object(let a)?, .object(let b)?):
            for (key, value) in b.members {
                steps.append(.key(key))
                compare(a[key], value, steps: &steps, into: &found)
                steps.removeLast()
            }
            for (key, value) in a.members where b[key] == nil {
                steps.append(.key(key))
                compare(value, nil, steps: &steps, into: &found)
                steps.removeLast()
            }
        case (.array(let a)?, .array(let b)?):
            if let old = uuids(a), let new = uuids(b) {
                let position = Dictionary(uniqueKeysWithValues: old.enumerated().map { ($1, $0) })
                for (index, id) in new.enumerated() {
                    steps.append(.index(index))
                    compare(position[id].map { a[$0] }, b[index], steps: &steps, into: &found)
                    steps.removeLast()
                }
                let kept = Set(new)
                for (index, id) in old.enumerated() where !kept.contains(id) {
                    steps.append(.index(index))
                    compare(a[index], nil, steps: &steps, into: &found)
                    steps.removeLast()
                }
                return
            }
            for index in 0..<max(a.count, b.count) {
                steps.append(.index(index))
                compare(index < a.count ? a[index] : nil, index < b.count ? b[index] : nil, steps: &steps, into: &found)
                steps.removeLast()
            }
        case (nil, nil):
            return
        default:
            if let old, let new, old.isSemanticallyEqual(to: new) { return }
            found.append(JSONDifference(steps: steps, path: path(of: steps), old: old, new: new))
        }
    }

    /// Where two documents differ when their bytes differ inside one number or string (a
    /// re-import's usual update: a version bumped, a provider key swapped), found without building
    /// either tree: the difference (none when the two values are equal as JSON) and the containers
    /// on the way to it (`JSONLocatedScalar.containers`). Nil when the bytes differ in any other
    /// way, or in a step's `uuid` (which `between` matches steps by): compare the trees then.
    static func inOneValue(from old: [UInt8], to new: [UInt8], capturing: Set<String>) -> (difference: JSONDifference?, containers: [[String: JSONValue]?])? {
        let prefix = commonPrefix(old, new)
        let suffix = commonSuffix(old, new, within: min(old.count, new.count) - prefix)
        guard old.count <= JSONLimits.default.maxDocumentBytes,
              let located = JSONLocatedScalar.covering(prefix..<(new.count - suffix), in: new, capturing: capturing),
              located.steps.last != .key("uuid") else { return nil }
        // The old document is the new one with this value's bytes put back: valid exactly when
        // they hold one value alone (a byte order mark is valid only before a document).
        let oldValue = located.range.lowerBound..<(located.range.upperBound + old.count - new.count)
        guard !oldValue.isEmpty, old[oldValue.lowerBound] != 0xEF,
              let before = try? JSONParser.parse(Array(old[oldValue]), file: ""), !before.isContainer,
              let after = try? JSONParser.parse(Array(new[located.range]), file: "") else { return nil }
        let difference = before.isSemanticallyEqual(to: after) ? nil
            : JSONDifference(steps: located.steps, path: path(of: located.steps), old: before, new: after)
        return (difference, located.containers)
    }

    private static func commonPrefix(_ a: [UInt8], _ b: [UInt8]) -> Int {
        commonRun(a, b, within: min(a.count, b.count), fromEnd: false)
    }

    /// The length of the common suffix, at most `limit`, so that it does not overlap the prefix.
    private static func commonSuffix(_ a: [UInt8], _ b: [UInt8], within limit: Int) -> Int {
        commonRun(a, b, within: limit, fromEnd: true)
    }

    /// How many bytes agree from the start of both (`fromEnd`: from their ends), at most `limit`,
    /// compared eight at a time while they can be.
    private static func commonRun(_ a: [UInt8], _ b: [UInt8], within limit: Int, fromEnd: Bool) -> Int {
        a.withUnsafeBytes { a in
            b.withUnsafeBytes { b in
                /// Where the `length` bytes after the first `count` compared start in each.
                func offsets(_ count: Int, _ length: Int) -> (Int, Int) {
                    fromEnd ? (a.count - count - length, b.count - count - length) : (count, count)
                }
                var count = 0
                while count + 8 <= limit {
                    let (i, j) = offsets(count, 8)
                    guard a.loadUnaligned(fromByteOffset: i, as: UInt64.self) == b.loadUnaligned(fromByteOffset: j, as: UInt64.self) else { break }
                    count += 8
                }
                while count < limit {
                    let (i, j) = offsets(count, 1)
                    guard a[i] == b[j] else { break }
                    count += 1
                }
                return count
            }
        }
    }

    private static func path(of steps: [Step]) -> String {
        var path = JSONPath.root
        for step in steps {
            switch step {
            case .key(let key): JSONPath.append(key: key, to: &path)
            case .index(let index): JSONPath.append(index: index, to: &path)
            }
        }
        return path
    }

    /// The `uuid` of each element, when every element is an object with one and no two share it.
    private static func uuids(_ array: [JSONValue]) -> [String]? {
        var ids: [String] = []
        for element in array {
            guard case .object(let object) = element, case .string(let id)? = object["uuid"] else { return nil }
            ids.append(id)
        }
        return Set(ids).count == ids.count && !ids.isEmpty ? ids : nil
    }
}
