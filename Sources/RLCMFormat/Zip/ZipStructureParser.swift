/// One entry as described by the central directory and confirmed by its local header.
struct ZipRecord {
    /// The validated name; empty until the entry's header has been checked.
    var name = ""
    var display: String
    var nameBytes: [UInt8]
    /// The host and version that made the entry, and the host's file attributes (on Unix, the mode).
    var versionMadeBy: Int
    var externalAttributes: Int
    var flags: Int
    var method: Int
    var crc: UInt32
    var compressedSize: Int
    var size: Int
    var localHeaderOffset: Int
    var isDirectory = false
    /// The file a PKWARE Unix extra field says the entry is linked to (a hard link), if any.
    var linkedTo: [UInt8]? = nil
    /// End of the entry's bytes (local header, data and data descriptor).
    var end: Int = 0
}

/// Parses and validates the zip structure in Swift: end-of-central-directory record (and the
/// ZIP64 locator and record), every central directory header and every local header. Reads
/// are positional and bounded; nothing proportional to the archive's data is held.
struct ZipStructureParser {
    static let eocdSignature = 0x0605_4B50
    static let zip64LocatorSignature = 0x0706_4B50
    static let zip64RecordSignature = 0x0606_4B50
    static let centralSignature = 0x0201_4B50
    static let localSignature = 0x0403_4B50
    static let descriptorSignature = 0x0807_4B50

    let file: ZipFile
    let limits: ZipLimits
    let letterCase: LetterCase
    var a: String { file.display }

    /// Where the central directory lies, as the end records describe it.
    struct CentralDirectory {
        var offset: Int
        var size: Int
        /// Where the end records begin: the directory must end exactly there.
        var end: Int
        var entries: Int
        /// The file begins with a local header (else data was prefixed to the archive).
        var startsLikeZip: Bool
    }

    /// Returns the records sorted by local header offset (archive order). The phases: find the
    /// end records, read every central directory entry, confirm every local header.
    func parse() throws(ArchiveError) -> [ZipRecord] {
        guard let directory = try locateCentralDirectory() else { return [] }
        var records = try readCentralDirectory(directory)
        try confirmLocalHeaders(&records, cdOffset: directory.offset)
        return records
    }

    // MARK: - End records

    /// The central directory the end records describe; nil for a well-formed zip without entries.
    private func locateCentralDirectory() throws(ArchiveError) -> CentralDirectory? {
        let size = file.size
        if size == 0 { throw .notAZip(archive: a, reason: "the file is empty") }
        if size > limits.maxArchiveBytes {
            throw .archiveTooLarge(archive: a, bytes: size, limit: limits.maxArchiveBytes)
        }
        let head = try file.read(at: 0, count: min(size, 512), what: "the start of the file")
        let startsLikeZip = head.count >= 4 && head.u32(0) == Self.localSignature
        let eocdOffset = try findEndRecord(head: head, startsLikeZip: startsLikeZip)
        let directory = try readEndRecords(at: eocdOffset, startsLikeZip: startsLikeZip)
        return try checkBounds(directory)
    }

    /// The offset of the end-of-central-directory record: the last signature whose comment
    /// reaches exactly the end of the file.
    private func findEndRecord(head: [UInt8], startsLikeZip: Bool) throws(ArchiveError) -> Int {
        let size = file.size
        let tailCount = min(size, 22 + 0xFFFF)
        let tailStart = size - tailCount
        let tail = try file.read(at: tailStart, count: tailCount, what: "the end of the file")
        var eocdAt: Int? = nil
        var trailing: Int? = nil
        // Every place the record's signature stands (the C library's search), looked at from the
        // end, as a reader looking for the record would.
        for p in Self.signatures(in: tail, upTo: tailCount - 22).reversed() {
            let comment = tail.u16(p + 20)
            let rest = tailCount - p - 22
            if comment == rest {
                // A second record that also reaches the end would let tools disagree
                // about which central directory is real.
                if eocdAt != nil {
                    throw .malformed(archive: a, entry: nil, reason: "it has more than one end-of-central-directory record")
                }
                eocdAt = p
            } else if comment < rest, trailing == nil, eocdAt == nil {
                trailing = rest - comment
            }
        }
        if let e = eocdAt { return tailStart + e }
        if let trailing { throw .trailingData(archive: a, bytes: trailing) }
        if head.count >= 262, Array(head[257..<262]) == Array("ustar".utf8) {
            throw .notAZip(archive: a, reason: "it is a tar archive")
        }
        if startsLikeZip {
            throw .truncated(archive: a, reason: "the end-of-central-directory record is missing")
        }
        if size < 22 { throw .notAZip(archive: a, reason: "the file is only \(size) bytes") }
        throw .notAZip(archive: a, reason: "no zip structure was found")
    }

    /// The offsets at or before `last` where the end record's signature (`PK\u{5}\u{6}`) starts in
    /// `tail`, in increasing order.
    private static func signatures(in tail: [UInt8], upTo last: Int) -> [Int] {
        guard last >= 0 else { return [] }
        let signature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
        var found: [Int] = []
        tail.withUnsafeBytes { bytes in
            let searched = UnsafeRawBufferPointer(rebasing: bytes[..<(last + 4)])
            while let offset = ByteSearch.offset(of: signature, in: searched, from: (found.last ?? -1) + 1) { found.append(offset) }
        }
        return found
    }

    /// The classic end record, overridden by the ZIP64 record when a locator precedes it.
    private func readEndRecords(at eocdOffset: Int, startsLikeZip: Bool) throws(ArchiveError) -> CentralDirectory {
        let eocd = try file.read(at: eocdOffset, count: 22, what: "the end-of-central-directory record")
        var disk = eocd.u16(4), cdDisk = eocd.u16(6)
        var entriesOnDisk = eocd.u16(8), totalEntries = eocd.u16(10)
        var cdSize = eocd.u32(12), cdOffset = eocd.u32(16)
        var cdEnd = eocdOffset
        if eocdOffset >= 20 {
            let loc = try file.read(at: eocdOffset - 20, count: 20, what: "the ZIP64 locator")
            if loc.u32(0) == Self.zip64LocatorSignature {
                let recordOffset = Int(clamping: loc.u64(8))
                let rec = try zip64EndRecord(locator: loc, at: recordOffset, eocdOffset: eocdOffset)
                func pick(_ small: Int, _ max: Int, _ big: UInt64) throws(ArchiveError) -> Int {
                    let value = Int(clamping: big)
                    if small != max && small != value {
                        throw .malformed(archive: a, entry: nil, reason: "the ZIP64 and classic end records disagree")
                    }
                    return value
                }
                disk = try pick(disk, 0xFFFF, UInt64(rec.u32(16)))
                cdDisk = try pick(cdDisk, 0xFFFF, UInt64(rec.u32(20)))
                entriesOnDisk = try pick(entriesOnDisk, 0xFFFF, rec.u64(24))
                totalEntries = try pick(totalEntries, 0xFFFF, rec.u64(32))
                cdSize = try pick(cdSize, 0xFFFF_FFFF, rec.u64(40))
                cdOffset = try pick(cdOffset, 0xFFFF_FFFF, rec.u64(48))
                cdEnd = recordOffset
            }
        }
        guard disk == 0, cdDisk == 0, entriesOnDisk == totalEntries else {
            throw .malformed(archive: a, entry: nil, reason: "it spans several disks, which is not supported")
        }
        return CentralDirectory(offset: cdOffset, size: cdSize, end: cdEnd, entries: totalEntries, startsLikeZip: startsLikeZip)
    }

    /// The ZIP64 end record a locator points at, checked to lie where the locator says.
    private func zip64EndRecord(locator loc: [UInt8], at recordOffset: Int, eocdOffset: Int) throws(ArchiveError) -> [UInt8] {
        guard loc.u32(4) == 0, loc.u32(16) <= 1 else {
            throw .malformed(archive: a, entry: nil, reason: "it spans several disks, which is not supported")
        }
        guard recordOffset <= eocdOffset - 20 - 56 else {
            throw .malformed(archive: a, entry: nil, reason: "the ZIP64 end record lies outside the file")
        }
        let rec = try file.read(at: recordOffset, count: 56, what: "the ZIP64 end record")
        guard rec.u32(0) == Self.zip64RecordSignature else {
            throw .malformed(archive: a, entry: nil, reason: "the ZIP64 end record has a bad signature")
        }
        guard Int(clamping: rec.u64(4)) == eocdOffset - 20 - recordOffset - 12 else {
            throw .malformed(archive: a, entry: nil, reason: "the ZIP64 end record does not end at its locator")
        }
        return rec
    }

    /// The directory must lie inside the file and end exactly where the end records begin.
    private func checkBounds(_ d: CentralDirectory) throws(ArchiveError) -> CentralDirectory? {
        if d.entries > limits.maxEntries {
            throw .tooManyEntries(archive: a, count: d.entries, limit: limits.maxEntries)
        }
        let (cdStop, overflow) = d.offset.addingReportingOverflow(d.size)
        if overflow || cdStop > d.end {
            if overflow || cdStop > file.size {
                throw .truncated(archive: a, reason: "the central directory points outside the file")
            }
            throw .malformed(archive: a, entry: nil, reason: "the central directory overlaps its end record")
        }
        if cdStop < d.end {
            if !d.startsLikeZip { throw .prefixedData(archive: a, bytes: d.end - cdStop) }
            throw .malformed(archive: a, entry: nil, reason: "\(d.end - cdStop) unexplained bytes follow the central directory")
        }
        if d.entries == 0 {
            if d.offset != 0 || d.size != 0 { throw .prefixedData(archive: a, bytes: d.offset) }
            return nil
        }
        return d
    }

    // MARK: - Central directory

    /// Every entry the directory lists, each validated (name, type, sizes, limits) before the next.
    private func readCentralDirectory(_ d: CentralDirectory) throws(ArchiveError) -> [ZipRecord] {
        var records: [ZipRecord] = []
        records.reserveCapacity(d.entries)
        var names = ZipNameSet(letterCase: letterCase)
        var totalSize = 0
        var offset = d.offset
        for index in 0..<d.entries {
            guard offset + 46 <= d.end else {
                throw .malformed(archive: a, entry: nil, reason: "the central directory is shorter than its \(d.entries) entries")
            }
            let (header, next) = try readCentralHeader(index: index, at: offset, directoryEnd: d.end)
            offset = next
            let record = try validate(header, names: &names, totalSize: &totalSize, cdOffset: d.offset)
            records.append(record)
        }
        guard offset == d.offset + d.size else {
            throw .malformed(archive: a, entry: nil, reason: "the central directory is longer than its \(d.entries) entries")
        }
        return records
    }

    /// A central directory header's fields, its ZIP64 extra applied, and where the next begins.
    private func readCentralHeader(index: Int, at offset: Int, directoryEnd: Int) throws(ArchiveError) -> (ZipRecord, next: Int) {
        let fixed = try file.read(at: offset, count: 46, what: "central directory entry \(index + 1)")
        guard fixed.u32(0) == Self.centralSignature else {
            throw .malformed(archive: a, entry: nil, reason: "central directory entry \(index + 1) has a bad signature")
        }
        let nameLength = fixed.u16(28), extraLength = fixed.u16(30), commentLength = fixed.u16(32)
        let recordLength = 46 + nameLength + extraLength + commentLength
        guard offset + recordLength <= directoryEnd else {
            throw .malformed(archive: a, entry: nil, reason: "central directory entry \(index + 1) runs past the end of the central directory")
        }
        let variable = try file.read(at: offset + 46, count: nameLength + extraLength, what: "central directory entry \(index + 1)")
        let nameBytes = Array(variable[0..<nameLength])
        var header = ZipRecord(display: Self.display(nameBytes), nameBytes: nameBytes, versionMadeBy: fixed.u16(4), externalAttributes: fixed.u32(38),
                               flags: fixed.u16(8), method: fixed.u16(10), crc: UInt32(fixed.u32(16)), compressedSize: fixed.u32(20),
                               size: fixed.u32(24), localHeaderOffset: fixed.u32(42))
        var diskStart = fixed.u16(34)
        let extra = try readExtra(Array(variable[nameLength...]), entry: header.display)
        if let z64 = extra.zip64 { try applyZip64(z64, to: &header, diskStart: &diskStart) }
        header.linkedTo = extra.linkedTo
        guard diskStart == 0 else {
            throw .malformed(archive: a, entry: header.display, reason: "it starts on another disk")
        }
        return (header, offset + recordLength)
    }

    /// The ZIP64 extended information replaces the fields that hold their maximum value, in order.
    private func applyZip64(_ z64: [UInt8], to header: inout ZipRecord, diskStart: inout Int) throws(ArchiveError) {
        var at = 0
        let display = header.display
        func next() throws(ArchiveError) -> Int {
            guard at + 8 <= z64.count else {
                throw .malformed(archive: a, entry: display, reason: "its ZIP64 extra field is too short")
            }
            defer { at += 8 }
            return Int(clamping: z64.u64(at))
        }
        if header.size == 0xFFFF_FFFF { header.size = try next() }
        if header.compressedSize == 0xFFFF_FFFF { header.compressedSize = try next() }
        if header.localHeaderOffset == 0xFFFF_FFFF { header.localHeaderOffset = try next() }
        if diskStart == 0xFFFF {
            guard at + 4 <= z64.count else {
                throw .malformed(archive: a, entry: display, reason: "its ZIP64 extra field is too short")
            }
            diskStart = z64.u32(at)
        }
    }

    /// Checks an entry: encryption, name, compression, type, sizes, limits, collisions, bounds.
    private func validate(_ header: ZipRecord, names: inout ZipNameSet, totalSize: inout Int, cdOffset: Int) throws(ArchiveError) -> ZipRecord {
        var h = header
        let display = h.display
        if h.flags & 0x41 != 0 || h.method == 99 { throw .encrypted(archive: a, entry: display) }
        let name: String
        switch ZipNameRules.validate(bytes: h.nameBytes, utf8Flag: h.flags & 0x800 != 0, limits: limits) {
        case .failure(let problem): throw .unsafeName(archive: a, entry: display, problem: problem)
        case .success(let valid): name = valid
        }
        if h.method != 0 && h.method != 8 {
            throw .unsupportedCompression(archive: a, entry: display, method: h.method)
        }
        let isDirectory = name.hasSuffix("/")
        try checkType(h, isDirectory: isDirectory)
        try checkSizes(h, isDirectory: isDirectory, totalSize: &totalSize)
        switch names.insert(name) {
        case .duplicate?: throw .duplicateName(archive: a, entry: display)
        case .collides(let other)?:
            throw .collidingNames(archive: a, entry: display, other: ZipDisplay.escape(other), letterCase: letterCase)
        case .fileFolder(let other)?:
            throw .fileFolderConflict(archive: a, entry: display, other: ZipDisplay.escape(other))
        case nil: break
        }
        guard h.localHeaderOffset < cdOffset, h.compressedSize <= cdOffset else {
            throw .malformed(archive: a, entry: display, reason: "its data lies outside the entries area of the file")
        }
        h.name = name
        // A name with nothing to escape displays as itself: one copy for the thousands of entries.
        if utf8Equal(h.display, name) { h.display = name }
        h.isDirectory = isDirectory
        return h
    }

    /// The entry's type, from the mode bits Unix hosts store (or the DOS folder bit), must be a
    /// regular file or a folder, and agree with the name's trailing `/`.
    private func checkType(_ h: ZipRecord, isDirectory: Bool) throws(ArchiveError) {
        let display = h.display
        let host = h.versionMadeBy >> 8
        if host == 3 || host == 19 {  // Unix, OS X: the mode is in the high 16 bits
            switch (h.externalAttributes >> 16) & 0o170000 {
            case 0: break
            case 0o100000:
                if isDirectory {
                    throw .malformed(archive: a, entry: display, reason: "it is marked as a regular file but its name ends in '/'")
                }
            case 0o040000:
                if !isDirectory {
                    throw .malformed(archive: a, entry: display, reason: "it is marked as a folder but its name does not end in '/'")
                }
            case 0o120000: throw .unsupportedEntryType(archive: a, entry: display, type: "symbolic link")
            case 0o020000: throw .unsupportedEntryType(archive: a, entry: display, type: "character device")
            case 0o060000: throw .unsupportedEntryType(archive: a, entry: display, type: "block device")
            case 0o010000: throw .unsupportedEntryType(archive: a, entry: display, type: "named pipe (FIFO)")
            case 0o140000: throw .unsupportedEntryType(archive: a, entry: display, type: "socket")
            default: throw .unsupportedEntryType(archive: a, entry: display, type: "file of unknown type")
            }
        }
        if !isDirectory && h.externalAttributes & 0x10 != 0 && (host == 0 || host == 11 || host == 14) {
            throw .malformed(archive: a, entry: display, reason: "it is marked as a folder but its name does not end in '/'")
        }
        try refuseLink(h.linkedTo, entry: display)
    }

    /// Sizes that agree with the entry's kind and stay within the limits, the running total included.
    private func checkSizes(_ h: ZipRecord, isDirectory: Bool, totalSize: inout Int) throws(ArchiveError) {
        let display = h.display, usize = h.size, csize = h.compressedSize
        if isDirectory && usize != 0 {
            throw .malformed(archive: a, entry: display, reason: "it is a folder entry that declares \(usize) bytes of data")
        }
        if h.method == 0 && csize != usize {
            throw .malformed(archive: a, entry: display, reason: "it is stored uncompressed but its two sizes differ")
        }
        if usize > limits.maxEntrySize {
            throw .entryTooLarge(archive: a, entry: display, bytes: usize, limit: limits.maxEntrySize)
        }
        totalSize += usize
        if totalSize > limits.maxTotalSize {
            throw .totalTooLarge(archive: a, entry: display, bytes: totalSize, limit: limits.maxTotalSize)
        }
        if usize > limits.ratioCheckThreshold && usize / max(csize, 1) > limits.maxCompressionRatio {
            throw .compressionRatioTooHigh(archive: a, entry: display, ratio: usize / max(csize, 1), limit: limits.maxCompressionRatio)
        }
    }

    // MARK: - Local headers

    /// Sorts the records into archive order and confirms that the entries tile the file from its
    /// start to the central directory: no prefix, no overlap, no gap, every local header agreeing.
    private func confirmLocalHeaders(_ records: inout [ZipRecord], cdOffset: Int) throws(ArchiveError) {
        records.sort { $0.localHeaderOffset < $1.localHeaderOffset }
        if records[0].localHeaderOffset != 0 {
            throw .prefixedData(archive: a, bytes: records[0].localHeaderOffset)
        }
        for i in 1..<records.count where records[i].localHeaderOffset == records[i - 1].localHeaderOffset {
            throw .overlapping(archive: a, entry: records[i].display, other: records[i - 1].display)
        }
        for i in records.indices {
            try checkLocalHeader(&records[i], cdOffset: cdOffset)
            if i > 0 {
                let previous = records[i - 1]
                if records[i].localHeaderOffset < previous.end {
                    throw .overlapping(archive: a, entry: records[i].display, other: previous.display)
                }
                if records[i].localHeaderOffset > previous.end {
                    throw .gap(archive: a, entry: records[i].display, bytes: records[i].localHeaderOffset - previous.end)
                }
            }
        }
        if let last = records.last, last.end < cdOffset {
            throw .gap(archive: a, entry: nil, bytes: cdOffset - last.end)
        }
    }

    private func checkLocalHeader(_ r: inout ZipRecord, cdOffset: Int) throws(ArchiveError) {
        let d = r.display
        guard r.localHeaderOffset + 30 <= cdOffset else {
            throw .overlapping(archive: a, entry: d, other: "")
        }
        let fixed = try file.read(at: r.localHeaderOffset, count: 30, what: "the local header of '\(d)'")
        guard fixed.u32(0) == Self.localSignature else {
            throw .malformed(archive: a, entry: d, reason: "its local header is missing or damaged")
        }
        let flags = fixed.u16(6), method = fixed.u16(8)
        let crc = UInt32(fixed.u32(14))
        var csize = fixed.u32(18), usize = fixed.u32(22)
        let nameLength = fixed.u16(26), extraLength = fixed.u16(28)
        let dataStart = r.localHeaderOffset + 30 + nameLength + extraLength
        guard dataStart <= cdOffset else { throw .overlapping(archive: a, entry: d, other: "") }
        let variable = try file.read(at: r.localHeaderOffset + 30, count: nameLength + extraLength, what: "the local header of '\(d)'")
        guard Array(variable[0..<nameLength]) == r.nameBytes else {
            throw .headerMismatch(archive: a, entry: d, field: "name")
        }
        guard method == r.method else { throw .headerMismatch(archive: a, entry: d, field: "compression method") }
        guard flags & 0x0849 == r.flags & 0x0849 else { throw .headerMismatch(archive: a, entry: d, field: "flags") }
        var localZip64 = false
        let extra = try readExtra(Array(variable[nameLength...]), entry: d)
        try refuseLink(extra.linkedTo, entry: d)
        if let z64 = extra.zip64 {
            localZip64 = true
            if usize == 0xFFFF_FFFF, z64.count >= 8 { usize = Int(clamping: z64.u64(0)) }
            if csize == 0xFFFF_FFFF, z64.count >= 16 { csize = Int(clamping: z64.u64(8)) }
        }
        let usesDescriptor = flags & 0x08 != 0
        if !usesDescriptor || crc != 0 { guard crc == r.crc else { throw .headerMismatch(archive: a, entry: d, field: "CRC-32") } }
        if !usesDescriptor || csize != 0 {
            guard csize == r.compressedSize else { throw .headerMismatch(archive: a, entry: d, field: "compressed size") }
        }
        if !usesDescriptor || usize != 0 {
            guard usize == r.size else { throw .headerMismatch(archive: a, entry: d, field: "size") }
        }
        let (dataEnd, overflow) = dataStart.addingReportingOverflow(r.compressedSize)
        guard !overflow, dataEnd <= cdOffset else { throw .overlapping(archive: a, entry: d, other: "") }
        r.end = dataEnd
        if usesDescriptor {
            let available = min(24, cdOffset - dataEnd)
            let desc = try file.read(at: dataEnd, count: available, what: "the data descriptor of '\(d)'")
            func matches(_ at: Int, wide: Bool) -> Int? {
                let length = at + (wide ? 20 : 12)
                guard length <= desc.count else { return nil }
                guard UInt32(desc.u32(at)) == r.crc else { return nil }
                let c = wide ? Int(clamping: desc.u64(at + 4)) : desc.u32(at + 4)
                let u = wide ? Int(clamping: desc.u64(at + 12)) : desc.u32(at + 8)
                return c == r.compressedSize && u == r.size ? length : nil
            }
            let signed = desc.count >= 4 && desc.u32(0) == Self.descriptorSignature
            let start = signed ? 4 : 0
            guard let length = matches(start, wide: localZip64) ?? matches(start, wide: !localZip64) else {
                throw .headerMismatch(archive: a, entry: d, field: "data descriptor")
            }
            r.end = dataEnd + length
        }
    }

    /// What an extra block (local or central) says, checking that it is well formed: the ZIP64
    /// extended information (0x0001), and the "linked to" name that a PKWARE Unix field (0x000d)
    /// holds after its fixed 12 bytes, if any.
    private func readExtra(_ extra: [UInt8], entry: String) throws(ArchiveError) -> (zip64: [UInt8]?, linkedTo: [UInt8]?) {
        var at = 0
        var found: (zip64: [UInt8]?, linkedTo: [UInt8]?) = (nil, nil)
        while at + 4 <= extra.count {
            let id = extra.u16(at), length = extra.u16(at + 2)
            guard at + 4 + length <= extra.count else {
                throw .malformed(archive: a, entry: entry, reason: "its extra field is damaged")
            }
            if id == 0x0001 { found.zip64 = Array(extra[(at + 4)..<(at + 4 + length)]) }
            if id == 0x000d && length > 12 { found.linkedTo = Array(extra[(at + 4 + 12)..<(at + 4 + length)]) }
            at += 4 + length
        }
        return found
    }

    /// A file whose extra block names a file it is linked to is a link, which APPNOTE gives as
    /// the way a zip stores a hard link. libarchive reads it as an empty regular file, so it
    /// would import as one: it is refused, naming the entry and what it links to.
    private func refuseLink(_ linkedTo: [UInt8]?, entry: String) throws(ArchiveError) {
        guard let linkedTo else { return }
        throw .unsupportedEntryType(archive: a, entry: entry, type: "hard link (to '\(Self.display(linkedTo))')")
    }

    static func display(_ bytes: [UInt8]) -> String {
        if bytes.count > 300 { return ZipDisplay.escape(bytes: bytes.prefix(300)) + "…" }
        return ZipDisplay.escape(bytes: bytes)
    }
}
