import RLCMFormat

/// One place where two JSON documents differ: a value changed, added (`old` nil) or removed (`new`
/// nil). Objects are compared by key whatever their order; arrays of objects that each carry a
/// distinct `uuid` (a recipe's steps) by that id, so that a step inserted in a block is one
/// addition rather than a change of every step after it; other arrays element by element, the
/// longer one's extra elements added or removed; anything else is compared whole.
public struct JSONDifference: Sendable, Equatable {
    public enum Step: Sendable, Equatable {
        case key(String), index(Int)
    }

    /// From the root to the value, as steps and as a `$.a.b[2]` path.
    public var steps: [Step]
    public var path: String
    public var old: JSONValue?
    public var new: JSONValue?

    /// Where `old` and `new` differ, in document order (the new document's, then keys only the old
    /// one has).
    public static func between(_ old: JSONValue, _ new: JSONValue) -> [JSONDifference] {
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
