/// A `{zip_name, name, folder}` object inside an asset: how assets point at each other.
public struct AssetReference: Sendable, Hashable, Codable {
    /// Where the reference sits in its file, e.g. `$.config[0].account_id`.
    public var jsonPath: String
    public var zipName: String
    /// The referenced asset's display name (for a connector: its title).
    public var name: String?

    enum CodingKeys: String, CodingKey { case jsonPath = "json_path", zipName = "zip_name", name }

    public init(jsonPath: String, zipName: String, name: String? = nil) {
        self.jsonPath = jsonPath
        self.zipName = zipName
        self.name = name
    }

    /// Whether `zip_name` could name a file of a package at all: relative, no `..`, no backslashes
    /// or control characters — the rules of entry names. Anything else is refused before it is
    /// looked up anywhere, so a reference can never reach outside a package or a workspace.
    public static let malformedReason = "a reference must be a relative path inside the package (no '..', no leading '/'), not"

    public var isWellFormed: Bool {
        !zipName.hasSuffix("/") && (try? ZipNameRules.validate(bytes: Array(zipName.utf8), utf8Flag: true, limits: .default).get()) != nil
    }
}

/// A custom connector provider key used by an asset: where it is first used, and how often. A
/// recipe repeats its keys in every step and every data pill; keeping each place of each key of
/// thousands of recipes cost more memory than anything else an import holds.
public struct ProviderKeyUse: Sendable, Hashable {
    public var jsonPath: String
    public var key: String
    public var uses = 1
}

/// A step of a recipe that runs a connector action or trigger.
public struct StepUse: Sendable, Hashable {
    public var provider: String
    /// `trigger` or `action`.
    public var keyword: String
    /// The action or trigger name.
    public var name: String

    public init(provider: String, keyword: String, name: String) {
        self.provider = provider
        self.keyword = keyword
        self.name = name
    }
}

/// Everything an asset says about other assets, read once from its JSON.
public struct AssetLinks: Sendable {
    public var references: [AssetReference] = []
    /// Keys in `provider` fields (steps and `config[]`) that have the shape of a custom connector
    /// key, each once, in the order of their first use.
    public var providerKeys: [ProviderKeyUse] = []
    /// The distinct custom connector actions and triggers the recipe's steps run (a package may
    /// hold thousands of recipes, so repeated steps are kept once).
    public var steps: [StepUse] = []
    /// For recipes: the connection each `config[]` provider uses (provider → connection zip_name).
    public var connectionByProvider: [String: String] = [:]
    /// The account and project properties the asset reads through data pills, each once, where
    /// it is first read.
    public var properties: [PropertyUse] = []

    public init() {}

    /// The links and display name (`name`, else `title`) of the asset document `bytes`, validated
    /// as strictly as `JSONParser.parse` validates it but without building its tree: assets are
    /// read by the thousand on export, inspect and import, and only these few facts are needed.
    /// Any object with a string `zip_name` is a reference, wherever it sits, so types rlcm does
    /// not know still have their dependencies followed. The links keep `strings`' copy of each
    /// string, so that the assets of one package or workspace share what they repeat.
    public static func scan(_ bytes: [UInt8], file: String, strings: StringPool) throws(JSONError) -> (links: AssetLinks, name: String?) {
        var scanner = AssetLinksScanner()
        try JSONParser.scan(bytes, file: file, into: &scanner)
        return scanner.result(sharing: strings)
    }
}

/// Collects `AssetLinks` from the reader's events. Objects are reported in document order
/// (an object before its members), as a walk of the tree would find them.
///
/// The open containers hold only plain values, and little of them: the strings links are made
/// of stay where the document has them (`JSONRawString`), on a stack of their own, until their
/// object closes and turns out to be a link. A scan meets a `name` in nearly every object of a
/// recipe's schemas; making each a `String`, and copying six of them whenever a container opened
/// or closed, cost about as much as reading the document.
private struct AssetLinksScanner: JSONSink {
    /// An open container.
    struct Level {
        var isObject: Bool
        /// For objects: the member being read, if its key is one of those links are made of.
        var member = Member.other
        var hasName = false
        /// Position of the container in document order.
        var order: Int
        /// For arrays: the index of the element being read.
        var index = 0
        /// For objects: the key of the member being read.
        var key: JSONRawString?

        init(isObject: Bool, order: Int) {
            self.isObject = isObject
            self.order = order
        }
    }

    /// The keys whose members links are made of.
    enum Member {
        case zipName, name, title, provider, keyword, accountId, config, other

        init(_ key: JSONRawString) {
            self = key.withUnescaped { text in
                switch text.count {
                case 4 where text.isText("name"): .name
                case 5 where text.isText("title"): .title
                case 6 where text.isText("config"): .config
                case 7 where text.isText("keyword"): .keyword
                case 8 where text.isText("zip_name"): .zipName
                case 8 where text.isText("provider"): .provider
                case 10 where text.isText("account_id"): .accountId
                default: .other
                }
            }
        }

        /// Whether a string member with this key is kept until its object closes.
        var isHeld: Bool { self != .accountId && self != .config && self != .other }
    }

    /// A string member of an open object that links are made of; for `accountId`, the `zip_name`
    /// of a `config[]` entry's `account_id` object.
    struct Held {
        /// The depth of the object it belongs to.
        var depth: Int
        var member: Member
        var string: JSONRawString
    }

    /// The held members of one closed object.
    struct Members {
        var zipName, name, title, provider, keyword, accountZipName: JSONRawString?
    }

    /// What one object contributes, kept until the end to be put in document order.
    struct Found {
        var order: Int
        var reference: AssetReference?
        var providerKey: ProviderKeyUse?
        var step: StepUse?
    }

    /// The innermost open container (meaningless while `depth` is 0), kept out of `outer` because
    /// nearly every event changes it.
    var top = Level(isObject: false, order: -1)
    /// The containers around `top`, outermost first.
    var outer: [Level] = []
    /// How many containers are open.
    var depth = 0
    /// The held members of the open objects, innermost last.
    var held: [Held] = []
    var count = 0
    var found: [Found] = []
    /// For recipes: the connection each `config[]` provider uses.
    var connectionByProvider: [String: String] = [:]
    var rootName: String?
    var properties: [PropertyUse] = []

    mutating func open(isObject: Bool) {
        if depth > 0 { outer.append(top) }
        top = Level(isObject: isObject, order: count)
        depth += 1
        count += 1
    }

    mutating func key(_ key: JSONRawString) {
        let member = Member(key)
        top.key = key
        top.member = member
        if member == .name { top.hasName = true }
    }

    mutating func string(_ string: JSONRawString) {
        if PropertyPill.mayBeIn(string) {
            let uses = string.withUnescaped { PropertyPill.uses(in: $0, jsonPath: path()) }
            for use in uses where !properties.contains(where: { $0.kind == use.kind && $0.name == use.name }) {
                properties.append(use)
            }
        }
        if depth > 0, top.isObject, top.member.isHeld { held.append(Held(depth: depth, member: top.member, string: string)) }
        completed()
    }

    mutating func number(_ literal: UnsafeRawBufferPointer) { completed() }
    mutating func literal(_ value: JSONValue) { completed() }

    mutating func close(isObject: Bool) {
        let level = top
        let members = isObject ? takeHeld() : Members()
        depth -= 1
        if depth > 0 { top = outer.removeLast() }
        if isObject { closed(level, members) }
        completed()
    }

    /// Takes the held members of the innermost object off their stack.
    private mutating func takeHeld() -> Members {
        var members = Members()
        while let last = held.last, last.depth == depth {
            switch last.member {
            case .zipName: members.zipName = last.string
            case .name: members.name = last.string
            case .title: members.title = last.string
            case .provider: members.provider = last.string
            case .keyword: members.keyword = last.string
            case .accountId: members.accountZipName = last.string
            case .config, .other: break
            }
            held.removeLast()
        }
        return members
    }

    /// Takes what the object `level`, just closed, says about other assets. Most objects say
    /// nothing: they are passed over before anything is made.
    private mutating func closed(_ level: Level, _ members: Members) {
        if depth == 0 { rootName = (level.hasName ? members.name : members.title)?.string }
        guard members.zipName != nil || members.provider != nil else { return }
        var item = Found(order: level.order)
        if let zipName = members.zipName {
            item.reference = AssetReference(jsonPath: path(), zipName: zipName.string, name: members.name?.string)
        }
        let provider = members.provider?.string
        if let provider, ProviderKey.matches(provider) {
            item.providerKey = ProviderKeyUse(jsonPath: path() + ".provider", key: provider)
            if let keyword = members.keyword?.string, keyword == "trigger" || keyword == "action", let name = members.name {
                item.step = StepUse(provider: provider, keyword: keyword, name: name.string)
            }
        }
        if item.reference != nil || item.providerKey != nil { found.append(item) }
        // `config[i]`: its provider's connection; `config[i].account_id`: that connection.
        if depth == 2, isConfig, let provider, let connection = members.accountZipName {
            connectionByProvider[provider] = connection.string
        } else if depth == 3, isConfig, top.isObject, top.member == .accountId, let zipName = members.zipName {
            held.append(Held(depth: depth, member: .accountId, string: zipName))
        }
    }

    /// Whether the open containers are the root object's `config` array and what is below it.
    private var isConfig: Bool { outer[0].isObject && outer[0].member == .config && !(depth == 2 ? top : outer[1]).isObject }

    private mutating func completed() {
        if depth > 0, !top.isObject { top.index += 1 }
    }

    /// The JSON path of the value just read: a string, or the container just closed.
    private func path() -> String {
        var path = JSONPath.root
        for i in 0..<depth {
            let level = i == depth - 1 ? top : outer[i]
            if level.isObject { JSONPath.append(key: level.key?.string ?? "", to: &path) } else { JSONPath.append(index: level.index, to: &path) }
        }
        return path
    }

    /// The links found, each string that they keep taken from `pool`.
    func result(sharing pool: StringPool) -> (links: AssetLinks, name: String?) {
        var links = AssetLinks()
        for (provider, connection) in connectionByProvider {
            links.connectionByProvider[pool.intern(provider)] = pool.intern(connection)
        }
        links.properties = properties.map { PropertyUse(kind: $0.kind, name: pool.intern($0.name), jsonPath: pool.intern($0.jsonPath)) }
        // An index keeps the references of thousands of assets: their arrays hold no spare room.
        links.references.reserveCapacity(found.count { $0.reference != nil })
        var keys: [String: Int] = [:]
        for item in found.sorted(by: { $0.order < $1.order }) {
            if let reference = item.reference {
                links.references.append(AssetReference(jsonPath: pool.intern(reference.jsonPath), zipName: pool.intern(reference.zipName),
                                                       name: reference.name.map(pool.intern)))
            }
            if let use = item.providerKey {
                if let index = keys[use.key] {
                    links.providerKeys[index].uses += 1
                } else {
                    keys[use.key] = links.providerKeys.count
                    links.providerKeys.append(ProviderKeyUse(jsonPath: pool.intern(use.jsonPath), key: pool.intern(use.key)))
                }
            }
            if let step = item.step, !links.steps.contains(step) {
                links.steps.append(StepUse(provider: links.providerKeys[keys[step.provider]!].key, keyword: pool.intern(step.keyword),
                                           name: pool.intern(step.name)))
            }
        }
        return (links, rootName)
    }
}
