import Crypto
import Foundation
import RLCMFormat
import GRDB
import RLCMKit

/// Why a token command cannot do what it was asked.
public enum TokenError: RLCMError, Equatable {
    case invalidName(String)
    case duplicate(String)
    case notFound(name: String, known: [String])

    public var description: String {
        switch self {
        case .invalidName(let name):
            return "'\(name)' is not a valid token name: use 1 to 64 letters, digits, '.', '_' or '-'"
        case .duplicate(let name):
            return "a token named '\(name)' already exists; revoke it first or choose another name"
        case .notFound(let name, let known):
            return "no token named '\(name)' (\(known.isEmpty ? "the workspace has no tokens" : "tokens: \(known.joined(separator: ", "))"))"
        }
    }
}

/// `rlcm token create`: the token itself, shown this once.
public struct TokenCreatedReport: Report {
    public var formatVersion = outputFormatVersion
    public var name: String
    public var token: String
    public var createdAt: String
    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", name, token, createdAt = "created_at" }
}

/// `rlcm token list` and `rlcm token revoke`.
public struct TokenListReport: Report {
    public struct Token: Codable, Sendable {
        public var name: String
        public var createdAt: String
        enum CodingKeys: String, CodingKey { case name, createdAt = "created_at" }
    }
    public var formatVersion = outputFormatVersion
    public var tokens: [Token]
    /// Set by `revoke`: the token that was revoked.
    public var revoked: String?
    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", tokens, revoked }
}

extension ServerStore {
    /// A new token named `name`: 256 random bits, stored only as their SHA-256 hash.
    public func createToken(name: String) throws -> TokenCreatedReport {
        guard (1...64).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw TokenError.invalidName(name)
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token = "rlcm_" + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let createdAt = APIJSON.timestamp(clock())
        try pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM tokens WHERE name = ?", arguments: [name]) == true { throw TokenError.duplicate(name) }
            try db.execute(sql: "INSERT INTO tokens (name, sha256, created_at) VALUES (?, ?, ?)",
                           arguments: [name, Data(SHA256.hash(data: Array(token.utf8))), createdAt])
        }
        return TokenCreatedReport(name: name, token: token, createdAt: createdAt)
    }

    public func listTokens() throws -> TokenListReport {
        TokenListReport(tokens: try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT name, created_at FROM tokens ORDER BY name").map { .init(name: $0["name"], createdAt: $0["created_at"]) }
        })
    }

    public func revokeToken(name: String) throws -> TokenListReport {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM tokens WHERE name = ?", arguments: [name])
            if db.changesCount == 0 {
                throw TokenError.notFound(name: name, known: try String.fetchAll(db, sql: "SELECT name FROM tokens ORDER BY name"))
            }
        }
        var report = try listTokens()
        report.revoked = name
        return report
    }

    /// Whether `token` is one of the workspace's tokens. Every stored hash is compared in full,
    /// whatever matches, so the time taken says nothing about how close a guess was.
    func isValid(token: String) throws -> Bool {
        let presented = Array(SHA256.hash(data: Array(token.utf8)))
        let stored = try pool.read { db in try Data.fetchAll(db, sql: "SELECT sha256 FROM tokens") }
        var matched: UInt8 = 1
        for hash in stored where hash.count == presented.count {
            var difference: UInt8 = 0
            for (a, b) in zip(hash, presented) { difference |= a ^ b }
            matched &= difference == 0 ? 0 : 1
        }
        return matched == 0
    }
}
