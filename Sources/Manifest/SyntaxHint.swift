package import Core

/// Rewrites libyaml's terse syntax errors into messages that say how to fix the file.
package enum SyntaxHint {
    /// The message for libyaml's `problem` at `location`, looking at the source line for the
    /// usual culprits (tabs, unquoted `: `, unclosed quotes).
    package static func message(problem: String, at location: SourceLocation, in source: SourceText) -> String {
        let line = source.line(location.line) ?? ""
        let indentation = line.prefix { $0 == " " || $0 == "\t" }
        if indentation.contains("\t") || problem.contains("tab") || character(at: location, in: line) == "\t" {
            return
                "a tab character is used for indentation; YAML indents with spaces only — replace the tab with spaces"
        }
        let atEnd = location.line >= source.lineCount && line.unicodeScalars.count < location.column
        if atEnd, problem.hasPrefix("did not find expected") || problem == "found unexpected end of stream" {
            return
                "the file ends while a value is still expected: close the open `[`, `{` or quote, or finish the last entry"
        }
        switch problem {
        case "mapping values are not allowed in this context":
            return "unexpected ':' here — this line may be indented under the value above it (align it with its "
                + "siblings), or a value that contains ': ' must be quoted"
        case "could not find expected ':'":
            return "a key is missing its ':' (or a line is indented wrongly); write `key: value`"
        case "did not find expected key":
            return "this line is indented differently from the keys around it; align it with its siblings"
        case "did not find expected '-' indicator":
            return "this line is indented differently from the list items around it; align it with the other `- ` items"
        case "found unexpected end of stream":
            return "the file ends inside a quoted string or a flow collection; close the quote, `]` or `}`"
        case "did not find expected ',' or ']'":
            return "a flow list `[...]` is not closed or lacks a ','; add the missing ',' or ']'"
        case "did not find expected ',' or '}'":
            return "a flow mapping `{...}` is not closed or lacks a ','; add the missing ',' or '}'"
        case "found character that cannot start any token":
            let found = character(at: location, in: line).map { " ('\($0)')" } ?? ""
            return "a character that cannot start a YAML value\(found); quote the value"
        case "did not find expected node content":
            return "a value is missing here; write a value or quote the text"
        default:
            return problem + "; check the YAML syntax at this position"
        }
    }

    private static func character(at location: SourceLocation, in line: String) -> Character? {
        let scalars = Array(line.unicodeScalars)
        let index = location.column - 1
        guard index >= 0, index < scalars.count else { return nil }
        return Character(scalars[index])
    }
}
