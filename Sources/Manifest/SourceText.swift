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

    /// The length of the line break starting at `index`, 0 when there is none. Breaks are
    /// those libyaml counts: LF, CRLF, a lone CR, NEL (U+0085), LS (U+2028) and PS (U+2029).
    private func lineBreak(at index: Int) -> Int {
        switch bytes[index] {
        case 0x0A: return 1
        case 0x0D: return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
        case 0xC2: return index + 1 < bytes.count && bytes[index + 1] == 0x85 ? 2 : 0
        case 0xE2:
            guard index + 2 < bytes.count, bytes[index + 1] == 0x80 else { return 0 }
            return bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 ? 3 : 0
        default: return 0
        }
    }

    /// The byte range of 1-based line `number`, without its break, or nil past the end.
    private func range(ofLine number: Int) -> Range<Int>? {
        guard number >= 1 else { return nil }
        var current = 1
        var index = 0
        var start = 0
        while current < number {
            guard index < bytes.count else { return nil }
            let length = lineBreak(at: index)
            if length > 0 {
                index += length
                current += 1
                start = index
            } else {
                index += 1
            }
        }
        var end = start
        while end < bytes.count, lineBreak(at: end) == 0 { end += 1 }
        if number == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = min(3, end) }
        return start..<end
    }

    /// The number of lines as libyaml counts them (a final line break starts an empty last line).
    package var lineCount: Int {
        var count = 1
        var index = 0
        while index < bytes.count {
            let length = lineBreak(at: index)
            if length > 0 { count += 1 }
            index += max(1, length)
        }
        return count
    }

    /// The text of 1-based line `number`, without its line break (or a leading BOM), or nil
    /// past the end.
    package func line(_ number: Int) -> String? {
        range(ofLine: number).map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// The line and column of a byte offset (columns in Unicode scalars, counting a byte of
    /// invalid UTF-8 as one column).
    package func location(ofByte offset: Int) -> SourceLocation {
        let offset = min(max(0, offset), bytes.count)
        var line = 1
        var lineStart = 0
        var index = 0
        while index < offset {
            let length = lineBreak(at: index)
            if length > 0, index + length <= offset {
                index += length
                line += 1
                lineStart = index
            } else {
                index += 1
            }
        }
        if line == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { lineStart = min(3, offset) }
        // Continuation bytes (10xxxxxx) do not start a character.
        let column = bytes[lineStart..<offset].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        return SourceLocation(line: line, column: column)
    }

    /// `location` moved onto the text: libyaml reports the end of a file without a final line
    /// break one line past it, which becomes the end of the last line.
    package func clamp(_ location: SourceLocation) -> SourceLocation {
        let last = lineCount
        guard location.line <= last else {
            return SourceLocation(line: last, column: (line(last)?.unicodeScalars.count ?? 0) + 1)
        }
        let width = (line(location.line)?.unicodeScalars.count ?? 0) + 1
        return location.column <= width ? location : SourceLocation(line: location.line, column: width)
    }

    /// The line at `location` and a caret under its column, as compilers print them; tabs in
    /// the line are kept in the caret line so the caret lines up. Nil when the line does not exist.
    package func excerpt(at location: SourceLocation) -> String? {
        guard let text = line(location.line) else { return nil }
        var scalars = Array(text.unicodeScalars)
        var caret = location.column - 1
        // Very long lines (minified or generated files) are cut to a window around the column.
        let window = 100
        var prefix = ""
        if scalars.count > 2 * window {
            let start = max(0, min(caret - window / 2, scalars.count - window))
            scalars = Array(scalars[start..<min(scalars.count, start + window)])
            caret -= start
            prefix = start > 0 ? "…" : ""
        }
        var line = prefix
        var pad = String(repeating: " ", count: prefix.count)
        for (offset, scalar) in scalars.enumerated() {
            line.unicodeScalars.append(scalar)
            if offset < caret { pad.unicodeScalars.append(scalar == "\t" ? "\t" : " ") }
        }
        return line + "\n" + pad + "^"
    }
}
