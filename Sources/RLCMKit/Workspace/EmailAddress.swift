import Foundation
import RLCMFormat

/// E-mail addresses as typed on the Share tab: one, or several separated by commas.
///
/// The check is the practical subset of RFC 5322's addr-spec that mail systems accept: a dot-atom
/// local part, an `@`, and a domain of at least two dot-separated labels of letters, digits and
/// hyphens. Quoted local parts and address literals are refused, since no workspace owner has one.
public enum EmailAddress {
    static let localCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-.")

    public static func isValid(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, address.utf8.count <= 254 else { return false }
        let local = parts[0], domain = parts[1]
        guard !local.isEmpty, local.count <= 64, local.allSatisfy(localCharacters.contains),
              !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        } && !(labels.last!.allSatisfy(\.isNumber))
    }

    /// Splits comma-separated input, trimming blanks around each address and dropping empty items.
    public static func split(_ input: String) -> [String] {
        input.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Fails naming every invalid address at once, so one correction fixes them all.
    public static func validate(_ addresses: [String]) throws {
        let invalid = addresses.filter { !isValid($0) }
        if !invalid.isEmpty { throw Invalid(addresses: invalid) }
    }

    /// Addresses that are not e-mail addresses, all of them.
    public struct Invalid: RLCMError, Equatable {
        public var addresses: [String]
        public var description: String {
            "not valid e-mail address\(addresses.count == 1 ? "" : "es"): \(addresses.map { "'\($0)'" }.joined(separator: ", "))"
        }
    }

    /// Addresses compare case-insensitively, as mail systems treat them in practice.
    static func normalized(_ address: String) -> String { address.lowercased() }
}
