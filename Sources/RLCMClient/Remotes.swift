import Foundation
import RLCMFormat
import RLCMKit

/// A workspace reached through the Developer API, by the name `rlcm remote add` gave it.
public struct Remote: Codable, Sendable, Equatable {
    public var name: String
    /// The base URL, without `/api` (`https://app.eu.workato.com`).
    public var url: String

    public init(name: String, url: String) {
        self.name = name
        self.url = url
    }
}

/// The remotes of `rlcm remote add|list|remove`, kept in `remotes.json` in the user's config
/// folder (`$XDG_CONFIG_HOME/rlcm`, else `~/.config/rlcm`): names and URLs, never a token.
public struct RemoteConfig: Sendable {
    public let file: String

    /// `environment`: the variables the caller was started with (the executable passes its own).
    public init(environment: [String: String]) {
        let folder = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : "\($0)/rlcm" }
            ?? "\(environment["HOME"] ?? NSHomeDirectory())/.config/rlcm"
        file = "\(folder)/remotes.json"
    }

    private struct Stored: Codable {
        var formatVersion = 1
        var remotes: [Remote]
        enum CodingKeys: String, CodingKey { case formatVersion = "format_version", remotes }
    }

    /// Every remote, by name.
    public func all() throws -> [Remote] {
        guard FileSystem.exists(file) else { return [] }
        do {
            return try JSONDecoder().decode(Stored.self, from: Data(try FileSystem.read(file))).remotes.sorted { $0.name < $1.name }
        } catch {
            throw RemoteError.unreadableConfig(file: file, detail: String(describing: error))
        }
    }

    /// The remote named `name`, its URL checked again (the file may have been edited by hand).
    public func remote(named name: String) throws -> Remote {
        let remotes = try all()
        guard let remote = remotes.first(where: { $0.name == name }) else {
            throw RemoteError.unknownRemote(name: name, known: remotes.map(\.name))
        }
        _ = try BaseURL.parse(remote.url)
        return remote
    }

    /// Adds a remote: `url` is a base URL or a data center's name.
    @discardableResult
    public func add(name: String, url: String) throws -> Remote {
        guard Self.isValidName(name) else { throw RemoteError.invalidName(name) }
        let remote = Remote(name: name, url: try BaseURL.parse(url))
        var remotes = try all()
        if let existing = remotes.first(where: { $0.name == name }) { throw RemoteError.remoteExists(name: name, url: existing.url) }
        remotes.append(remote)
        try save(remotes)
        return remote
    }

    /// Removes a remote, returning what it was.
    @discardableResult
    public func remove(name: String) throws -> Remote {
        var remotes = try all()
        guard let index = remotes.firstIndex(where: { $0.name == name }) else {
            throw RemoteError.unknownRemote(name: name, known: remotes.map(\.name))
        }
        let removed = remotes.remove(at: index)
        try save(remotes)
        return removed
    }

    private func save(_ remotes: [Remote]) throws {
        try FileSystem.makeDirectories(FileSystem.folder(of: file))
        try FileSystem.replace(file, with: try StateCoding.encode(Stored(remotes: remotes.sorted { $0.name < $1.name })))
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.utf8.count <= 64 else { return false }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        return CharacterSet.alphanumerics.contains(first) && name.unicodeScalars.allSatisfy { $0.isASCII && allowed.contains($0) }
    }
}

/// The base URLs rlcm talks to: `https://` anywhere, plain `http://` only to this machine, so
/// that the token never crosses a network unencrypted.
public enum BaseURL {
    /// The platform's data centers, as `rlcm remote add NAME us|eu|jp|sg|au|il` names them.
    public static let dataCenters: [String: String] = [
        "us": "https://www.workato.com", "eu": "https://app.eu.workato.com", "jp": "https://app.jp.workato.com",
        "sg": "https://app.sg.workato.com", "au": "https://app.au.workato.com", "il": "https://app.il.workato.com",
    ]

    /// The canonical form of a base URL (no trailing `/`), or why it cannot be used.
    public static func parse(_ text: String) throws -> String {
        if let url = dataCenters[text.lowercased()] { return url }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = components.host, !host.isEmpty, components.user == nil, components.password == nil,
              components.query == nil, components.fragment == nil, components.path.isEmpty || components.path == "/" else {
            throw RemoteError.invalidURL(text)
        }
        if scheme == "http" && !isLoopback(host) { throw RemoteError.insecureURL(text) }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// 127.0.0.0/8, ::1 and localhost: addresses that never leave this machine.
    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host == "localhost" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { UInt8($0) != nil } && octets[0] == "127"
    }
}

/// Where the API token comes from: `--token-file FILE` (a file only its owner can read), else
/// `WORKATO_API_TOKEN`, as the platform's own client takes it. Never stored by rlcm.
public enum APIToken {
    public static func load(tokenFile: String?, environment: [String: String]) throws -> String {
        if let tokenFile { return try read(tokenFile) }
        guard let token = environment["WORKATO_API_TOKEN"] else { throw RemoteError.noToken }
        let trimmed = token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw RemoteError.emptyToken(source: "WORKATO_API_TOKEN") }
        return trimmed
    }

    private static func read(_ file: String) throws -> String {
        var info = stat()
        guard stat(file, &info) == 0 else { throw RemoteError.unreadableTokenFile(file: file, detail: String(cString: strerror(errno))) }
        let mode = info.st_mode & 0o7777
        guard mode & 0o077 == 0 else { throw RemoteError.looseTokenFile(file: file, mode: String(format: "%04o", mode)) }
        let bytes: [UInt8]
        do { bytes = try FileSystem.read(file) } catch { throw RemoteError.unreadableTokenFile(file: file, detail: String(describing: error)) }
        let token = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw RemoteError.emptyToken(source: "the token file '\(file)'") }
        return token
    }
}
