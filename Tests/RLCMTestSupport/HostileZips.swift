import Foundation
import RLCMFormat

/// Builds zips byte by byte, so tests can forge every field a hostile package could lie in.
package struct HostileEntry: Sendable {
    package var name: [UInt8]
    /// The bytes stored after the local header (already compressed when `method` is 8).
    package var stored: [UInt8]
    /// What the entry expands to, for the default CRC and size.
    package var content: [UInt8]
    package var method: Int = 0
    package var flags: Int = 0x800
    package var versionMadeBy: Int = 0x031E  // Unix, zip 3.0
    package var externalAttributes: UInt32 = UInt32(0o100644) << 16
    package var crc: UInt32? = nil
    package var size: Int? = nil
    package var compressedSize: Int? = nil
    package var descriptor = false
    package var descriptorCRC: UInt32? = nil
    /// The extra block, in the local header and the central directory alike.
    package var extra: [UInt8] = []
    // Local header overrides.
    package var localName: [UInt8]? = nil
    package var localMethod: Int? = nil
    package var localFlags: Int? = nil
    package var localCRC: UInt32? = nil
    package var localSize: Int? = nil
    package var localCompressedSize: Int? = nil
    package var localExtra: [UInt8]? = nil
    /// Central directory points here instead of the real local header.
    package var centralOffset: Int? = nil
    /// Do not write a local header or data for this entry (it reuses another's).
    package var omitLocal = false

    package init(_ name: String, _ content: [UInt8] = Array("{}\n".utf8)) {
        self.name = Array(name.utf8)
        self.stored = content
        self.content = content
    }

    package init(rawName: [UInt8], _ content: [UInt8] = Array("{}\n".utf8)) {
        self.name = rawName
        self.stored = content
        self.content = content
    }

    package static func deflated(_ name: String, _ content: [UInt8]) -> HostileEntry {
        var e = HostileEntry(name, content)
        e.method = 8
        e.stored = Deflate.fixedLiterals(content)
        return e
    }

    /// A hard link as APPNOTE stores one: an empty file whose PKWARE Unix extra field (0x000d:
    /// access and modification times, uid, gid) ends with the name of the file it links to.
    package static func hardLink(_ name: String, to target: String) -> HostileEntry {
        var e = HostileEntry(name, [])
        let data = [UInt8](repeating: 0, count: 12) + Array(target.utf8)
        e.extra = [0x0D, 0x00, UInt8(data.count & 0xFF), UInt8(data.count >> 8)] + data
        return e
    }

    package static func directory(_ name: String) -> HostileEntry {
        var e = HostileEntry(name, [])
        e.externalAttributes = UInt32(0o040755) << 16 | 0x10
        return e
    }
}

package struct HostileZip: Sendable {
    package var entries: [HostileEntry]
    package var prefix: [UInt8] = []
    /// When true (SFX style), offsets count the prefix; when false they do not.
    package var offsetsIncludePrefix = true
    package var gapAfterFirstEntry = 0
    package var trailing: [UInt8] = []
    package var comment: [UInt8] = []
    package var eocdEntryCount: Int? = nil
    package var eocdCentralOffset: Int? = nil
    package var eocdCentralSize: Int? = nil
    package var eocdDisk = 0
    /// Raw bytes placed between the central directory and the EOCD record (e.g. a forged
    /// ZIP64 locator); they count as part of neither.
    package var beforeEOCD: [UInt8] = []

    package init(_ entries: [HostileEntry]) { self.entries = entries }

    package func bytes() -> [UInt8] {
        var out = prefix
        var offsets: [Int] = []
        for (i, e) in entries.enumerated() {
            let offset = offsetsIncludePrefix ? out.count : out.count - prefix.count
            offsets.append(e.omitLocal ? 0 : offset)
            if e.omitLocal { continue }
            let crc = e.crc ?? Self.crc32(e.content)
            let size = e.size ?? e.content.count
            let csize = e.compressedSize ?? e.stored.count
            let name = e.localName ?? e.name
            out.le32(0x0403_4B50)
            out.le16(20)
            out.le16(e.localFlags ?? (e.flags | (e.descriptor ? 8 : 0)))
            out.le16(e.localMethod ?? e.method)
            out.le16(0); out.le16(0x21)  // 1980-01-01 00:00
            out.le32(Int(e.descriptor ? 0 : (e.localCRC ?? crc)))
            out.le32(e.descriptor ? 0 : (e.localCompressedSize ?? csize))
            out.le32(e.descriptor ? 0 : (e.localSize ?? size))
            let extra = e.localExtra ?? e.extra
            out.le16(name.count); out.le16(extra.count)
            out.append(contentsOf: name)
            out.append(contentsOf: extra)
            out.append(contentsOf: e.stored)
            if e.descriptor {
                out.le32(0x0807_4B50)
                out.le32(Int(e.descriptorCRC ?? crc)); out.le32(csize); out.le32(size)
            }
            if i == 0 { out.append(contentsOf: [UInt8](repeating: 0, count: gapAfterFirstEntry)) }
        }
        let cdStart = offsetsIncludePrefix ? out.count : out.count - prefix.count
        let cdStartAbsolute = out.count
        for (i, e) in entries.enumerated() {
            let crc = e.crc ?? Self.crc32(e.content)
            out.le32(0x0201_4B50)
            out.le16(e.versionMadeBy); out.le16(20)
            out.le16(e.flags | (e.descriptor ? 8 : 0)); out.le16(e.method)
            out.le16(0); out.le16(0x21)
            out.le32(Int(crc))
            out.le32(e.compressedSize ?? e.stored.count)
            out.le32(e.size ?? e.content.count)
            out.le16(e.name.count); out.le16(e.extra.count); out.le16(0)
            out.le16(0); out.le16(0)
            out.le32(Int(e.externalAttributes))
            out.le32(e.centralOffset ?? offsets[i])
            out.append(contentsOf: e.name)
            out.append(contentsOf: e.extra)
        }
        let cdSize = out.count - cdStartAbsolute
        out.append(contentsOf: beforeEOCD)
        out.le32(0x0605_4B50)
        out.le16(eocdDisk); out.le16(eocdDisk)
        out.le16(eocdEntryCount ?? entries.count); out.le16(eocdEntryCount ?? entries.count)
        out.le32(eocdCentralSize ?? cdSize)
        out.le32(eocdCentralOffset ?? cdStart)
        out.le16(comment.count)
        out.append(contentsOf: comment)
        out.append(contentsOf: trailing)
        return out
    }

    /// CRC-32 (IEEE) bit by bit, apart from RLCMFormat's: the forger shares no code with the reader it attacks.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return ~crc
    }

    @discardableResult
    package func write(to path: String) -> String {
        writeBytes(bytes(), to: path)
        return path
    }
}

extension Array where Element == UInt8 {
    package mutating func le16(_ v: Int) { append(UInt8(v & 0xFF)); append(UInt8((v >> 8) & 0xFF)) }
    package mutating func le32(_ v: Int) { le16(v & 0xFFFF); le16((v >> 16) & 0xFFFF) }
}

/// A tiny raw-Deflate encoder (fixed Huffman codes) so tests need no zlib.
package enum Deflate {
    struct BitWriter {
        var bytes: [UInt8] = []
        var buffer: UInt64 = 0
        var count = 0
        mutating func bits(_ value: Int, _ n: Int) {
            buffer |= UInt64(value) << UInt64(count)
            count += n
            while count >= 8 { bytes.append(UInt8(buffer & 0xFF)); buffer >>= 8; count -= 8 }
        }
        /// Huffman codes go most significant bit first.
        mutating func code(_ value: Int, _ n: Int) {
            var reversed = 0
            for i in 0..<n where value & (1 << i) != 0 { reversed |= 1 << (n - 1 - i) }
            bits(reversed, n)
        }
        mutating func literal(_ v: Int) {
            switch v {
            case 0...143: code(0x30 + v, 8)
            case 144...255: code(0x190 + v - 144, 9)
            case 256...279: code(v - 256, 7)
            default: code(0xC0 + v - 280, 8)
            }
        }
        mutating func flush() -> [UInt8] {
            if count > 0 { bytes.append(UInt8(buffer & 0xFF)); buffer = 0; count = 0 }
            return bytes
        }
    }

    package static func fixedLiterals(_ data: [UInt8]) -> [UInt8] {
        var w = BitWriter()
        w.bits(1, 1); w.bits(1, 2)
        for b in data { w.literal(Int(b)) }
        w.literal(256)
        return w.flush()
    }

    /// A Deflate stream of `1 + 65532 * (1 + repeats)` zero bytes, built from byte-aligned
    /// blocks of 254 length-258/distance-1 matches so it can be produced by copying.
    package static func zeros(repeats: Int) -> (stream: [UInt8], size: Int) {
        func matches(_ w: inout BitWriter) {
            for _ in 0..<254 { w.literal(285); w.code(0, 5) }
            w.literal(256)
        }
        var first = BitWriter()
        first.bits(0, 1); first.bits(1, 2)
        first.literal(0)
        matches(&first)
        precondition(first.count == 0)
        var block = BitWriter()
        block.bits(0, 1); block.bits(1, 2)
        matches(&block)
        precondition(block.count == 0)
        var out = first.bytes
        out.reserveCapacity(out.count + block.bytes.count * repeats + 2)
        for _ in 0..<repeats { out.append(contentsOf: block.bytes) }
        var last = BitWriter()
        last.bits(1, 1); last.bits(1, 2); last.literal(256)
        out.append(contentsOf: last.flush())
        return (out, 1 + 65532 * (1 + repeats))
    }
}

extension OrderSync {
    /// The order-sync fixture's files, as (zip name, bytes), in a fixed order.
    package static let files: [(String, [UInt8])] = {
        var files: [(String, [UInt8])] = []
        let enumerator = FileManager.default.enumerator(atPath: OrderSync.folder)
        while let relative = enumerator?.nextObject() as? String {
            if FileSystem.isRegularFile(OrderSync.folder + "/" + relative) { files.append((relative, readAll(OrderSync.folder + "/" + relative))) }
        }
        return files.sorted { $0.0 < $1.0 }
    }()

    /// The fixture as a valid stored zip, with `replacements` (zip name -> bytes) applied.
    package static func storedZip(_ replacements: [String: [UInt8]]) -> [UInt8] {
        HostileZip(files.map { HostileEntry(rawName: Array($0.0.utf8), replacements[$0.0] ?? $0.1) }).bytes()
    }

    /// The fixture with its connector renamed after the recipes' key was made: titled "Acme
    /// Cloud ERP" and its trio named for that, without the connection that would tie the key
    /// (real packages leave connections out). Nothing in it ties `packageKey` to the connector.
    package static func renamedConnectorZip() -> [UInt8] {
        let entries = files.compactMap { name, bytes -> HostileEntry? in
            if name == "connections/acme_erp_production.connection.json" { return nil }
            guard name.hasPrefix("acme_erp.custom_adapter.") else { return HostileEntry(name, bytes) }
            let metadata = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\"title\": \"Acme ERP\"", with: "\"title\": \"Acme Cloud ERP\"")
            return HostileEntry("acme_cloud_erp" + name.dropFirst("acme_erp".count), name.hasSuffix(".json") ? Array(metadata.utf8) : bytes)
        }
        return HostileZip(entries).bytes()
    }
}
