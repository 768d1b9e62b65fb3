import Foundation

/// The rules every entry name must follow, for reading and for writing.
enum ZipNameRules {
    /// Validates raw name bytes. `utf8Flag` is general purpose bit 11. Returns the name as a
    /// String (directories keep their trailing `/`).
    ///
    /// Names are read as UTF-8 whether or not the flag is set: the platform writes UTF-8 names
    /// with the flag clear, so a valid UTF-8 name is taken as such (ASCII is a special case). A
    /// name that is not valid UTF-8 is refused either way; without the flag the message says
    /// that its encoding is unknown rather than that a flag lies.
    static func validate(
        bytes: [UInt8], utf8Flag: Bool, limits: ZipLimits
    ) -> Result<String, ZipNameProblem> {
        if bytes.isEmpty { return .failure(.empty) }
        guard ZipDisplay.isValidUTF8(bytes) else { return .failure(utf8Flag ? .invalidUTF8 : .notUTF8WithoutFlag) }
        let name = String(decoding: bytes, as: UTF8.self)
        for scalar in name.unicodeScalars {
            let v = scalar.value
            if v <= 0x1F || v == 0x7F || (0x80...0x9F).contains(v) { return .failure(.controlCharacter) }
        }
        if bytes.contains(0x5C) { return .failure(.backslash) }
        if bytes.starts(with: [0x2F, 0x2F]) { return .failure(.uncPrefix) }
        if bytes.first == 0x2F { return .failure(.absolute) }
        if bytes.count >= 2, bytes[1] == 0x3A,
           (0x41...0x5A).contains(bytes[0]) || (0x61...0x7A).contains(bytes[0]) {
            return .failure(.driveLetter)
        }
        if bytes.count > limits.maxPathBytes {
            return .failure(.tooLong(bytes: bytes.count, limit: limits.maxPathBytes))
        }
        var components = bytes.split(separator: 0x2F, omittingEmptySubsequences: false)
        if bytes.last == 0x2F { components.removeLast() }  // directory entry
        for component in components {
            if component.isEmpty { return .failure(.emptyComponent) }
            if component.elementsEqual([0x2E, 0x2E]) { return .failure(.parentComponent) }
        }
        for component in components {
            if component.elementsEqual([0x2E]) { return .failure(.currentComponent) }
            if component.count > limits.maxComponentBytes {
                return .failure(.componentTooLong(bytes: component.count, limit: limits.maxComponentBytes))
            }
        }
        return .success(name)
    }
}
