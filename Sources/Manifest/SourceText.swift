package import Core

/// The bytes of a source file, with what diagnostics need from them: a line's text, a byte
/// offset as a line and column, and the compiler-style excerpt with a caret.
package struct SourceText: Sendable {
    /// The file's bytes as read.
    package let bytes: [UInt8]

    /// Wraps the bytes of a file.
    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Wraps a string's UTF-8.
    package init(_ string: String) {
        self.bytes = Array(string.utf8)
    }

    /// The text of 1-based line `number`, without its line break (or a leading BOM), or nil
    /// past the end. Line breaks are LF, CRLF or a lone CR, as in YAML.
    package func line(_ number: Int) -> String? {
        guard number >= 1 else { return nil }
        var current = 1
        var start = 0
        var index = 0
        while index < bytes.count, current < number {
            let byte = bytes[index]
            index += 1
            if byte == 0x0A || byte == 0x0D {
                if byte == 0x0D, index < bytes.count, bytes[index] == 0x0A { index += 1 }
                current += 1
                start = index
            }
        }
        guard current == number, start <= bytes.count else { return nil }
        if start == bytes.count, number > 1 { return "" }
        var end = start
        while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
        var slice = bytes[start..<end]
        if number == 1, slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
        return String(decoding: slice, as: UTF8.self)
    }

    /// The line and column of a byte offset (columns in Unicode scalars, counting a byte of
    /// invalid UTF-8 as one column).
    package func location(ofByte offset: Int) -> SourceLocation {
        let offset = min(max(0, offset), bytes.count)
        var line = 1
        var lineStart = 0
        var index = 0
        while index < offset {
            let byte = bytes[index]
            index += 1
            if byte == 0x0A || (byte == 0x0D && (index >= bytes.count || bytes[index] != 0x0A)) {
                line += 1
                lineStart = index
            }
        }
        if line == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { lineStart = min(3, offset) }
        // Continuation bytes (10xxxxxx) do not start a character.
        let column = bytes[lineStart..<offset].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        return SourceLocation(line: line, column: column)
    }

    /// The line at `location` and a caret under its column, as compilers print them; tabs in
    /// the line are kept in the caret line so the caret lines up. Nil when the line does not exist.
    package func excerpt(at location: SourceLocation) -> String? {
        guard let text = line(location.line) else { return nil }
        var pad = ""
        for (offset, scalar) in text.unicodeScalars.enumerated() where offset < location.column - 1 {
            pad.unicodeScalars.append(scalar == "\t" ? "\t" : " ")
        }
        return text + "\n" + pad + "^"
    }
}
