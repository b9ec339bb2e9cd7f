/// Writes a POSIX ustar stream with PAX extended headers, normalized for reproducibility: uid and gid 0, empty
/// owner names, one fixed mtime, modes 0644 / 0755 (0777 for symlinks, whose mode Linux ignores), fixed device
/// numbers. Names longer than 100 bytes, link targets longer than 100 bytes and sizes of 8 GiB or more get a
/// PAX `x` record (named `././@PaxHeader`); the stream ends with two zero blocks, padded to 10240 bytes like
/// `tar` and `git archive`.
struct TarWriter {
    private let mtime: Int64
    private let emit: (UnsafeRawBufferPointer) throws -> Void
    private var written = 0

    /// `mtime` is clamped to 0…8^11-1: commit times before 1970 become 0.
    init(mtime: Int64, emit: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.mtime = min(max(mtime, 0), 0o77777777777)
        self.emit = emit
    }

    mutating func directory(_ name: [UInt8]) throws {
        try header(name: name, mode: 0o755, size: 0, type: UInt8(ascii: "5"), link: [])
    }

    mutating func file(_ name: [UInt8], executable: Bool, size: Int, contents: UnsafeRawBufferPointer) throws {
        precondition(contents.count == size, "the blob's size changed under the export")
        try header(name: name, mode: executable ? 0o755 : 0o644, size: size, type: UInt8(ascii: "0"), link: [])
        try write(contents)
        try pad(size)
    }

    mutating func symlink(_ name: [UInt8], target: [UInt8]) throws {
        try header(name: name, mode: 0o777, size: 0, type: UInt8(ascii: "2"), link: target)
    }

    mutating func finish() throws {
        var end = [UInt8](repeating: 0, count: 1024)
        let total = written + end.count
        end += [UInt8](repeating: 0, count: (10240 - total % 10240) % 10240)
        try write(end)
    }

    private mutating func header(name: [UInt8], mode: Int, size: Int, type: UInt8, link: [UInt8]) throws {
        var records: [UInt8] = []
        if name.count > 100 { records += Self.paxRecord("path", name) }
        if link.count > 100 { records += Self.paxRecord("linkpath", link) }
        if size > 0o77777777777 { records += Self.paxRecord("size", Array(String(size).utf8)) }
        if !records.isEmpty {
            try write(
                block(
                    name: Array("././@PaxHeader".utf8), mode: 0o644, size: records.count, type: UInt8(ascii: "x"),
                    link: []))
            try write(records)
            try pad(records.count)
        }
        try write(
            block(
                name: Array(name.prefix(100)), mode: mode, size: size > 0o77777777777 ? 0 : size, type: type,
                link: Array(link.prefix(100))))
    }

    private func block(name: [UInt8], mode: Int, size: Int, type: UInt8, link: [UInt8]) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: [UInt8], at offset: Int) {
            for (index, byte) in bytes.enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int64, at offset: Int, width: Int) {
            // width - 1 zero-padded octal digits, then NUL (already there).
            var rest = value
            for position in stride(from: offset + width - 2, through: offset, by: -1) {
                block[position] = UInt8(ascii: "0") + UInt8(rest & 7)
                rest >>= 3
            }
        }
        put(name, at: 0)
        octal(Int64(mode), at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        octal(Int64(size), at: 124, width: 12)
        octal(mtime, at: 136, width: 12)
        put([UInt8](repeating: 0x20, count: 8), at: 148)
        block[156] = type
        put(link, at: 157)
        put(Array("ustar".utf8) + [0], at: 257)
        put(Array("00".utf8), at: 263)
        octal(0, at: 329, width: 8)
        octal(0, at: 337, width: 8)
        let checksum = block.reduce(0) { $0 + Int64($1) }
        octal(checksum, at: 148, width: 7)
        block[155] = 0x20
        return block
    }

    private mutating func pad(_ size: Int) throws {
        let remainder = size % 512
        if remainder != 0 { try write([UInt8](repeating: 0, count: 512 - remainder)) }
    }

    private mutating func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    private mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        try emit(bytes)
        written += bytes.count
    }

    /// One `<length> <key>=<value>\n` record; the length counts its own digits.
    static func paxRecord(_ key: String, _ value: [UInt8]) -> [UInt8] {
        let body = Array(" \(key)=".utf8) + value + [0x0A]
        var length = body.count + 1
        while String(length).utf8.count + body.count != length { length = String(length).utf8.count + body.count }
        return Array(String(length).utf8) + body
    }
}
