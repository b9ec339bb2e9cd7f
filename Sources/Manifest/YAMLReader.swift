internal import CYAML
package import Core

/// A YAML document read into nodes, with the problems found that did not stop the reading.
package struct YAMLDocument: Sendable {
    /// The document's root, or nil for an empty document (nothing but comments or blanks).
    package var root: YAMLNode?
    /// Duplicate keys, complex keys, dangling aliases, extra documents: each an error.
    package var diagnostics: [Diagnostic]
    /// The source, for excerpts.
    package var source: SourceText
}

/// Reads one YAML document with libyaml's event API into ``YAMLNode``s that keep line and
/// column, detecting duplicate keys at any depth.
///
/// ```swift
/// let document = try YAMLReader.read(SourceText(bytes))
/// let base = document.root?["base"]?.scalar?.text
/// ```
///
/// Anchors and aliases are supported (aliases share the anchored node; `<<` merge keys are
/// applied), but a document whose aliases would expand past ``YAMLLimits/maxNodes`` is refused
/// before any expansion, so a "billion laughs" document costs microseconds.
package enum YAMLReader {
    /// Reads `source`, throwing ``YAMLError`` when it is not text, not YAML, or over a limit.
    package static func read(_ source: SourceText, limits: YAMLLimits = .standard) throws(YAMLError) -> YAMLDocument {
        try checkSize(source.bytes.count, limits: limits)
        let parser = EventParser(source)
        var builder = TreeBuilder(source: source, limits: limits)
        while true {
            let done = try parser.next { event throws(YAMLError) in try builder.handle(event) }
            if done || builder.finished { break }
        }
        return YAMLDocument(root: builder.root, diagnostics: builder.diagnostics, source: source)
    }
}

extension YAMLReader {
    /// Refuses inputs over ``YAMLLimits/maxBytes``; callers may check a file's size before reading it.
    package static func checkSize(_ byteCount: Int, limits: YAMLLimits = .standard) throws(YAMLError) {
        guard byteCount <= limits.maxBytes else {
            throw YAMLError(
                .limit, at: .start,
                "the file is \(byteCount) bytes, over the limit of \(limits.maxBytes) bytes; "
                    + "a manifest this large is not hand-written — check that this is the right file")
        }
    }
}

/// Owns the libyaml parser and its input buffer; one instance reads one document stream.
private final class EventParser {
    private var parser = yaml_parser_t()
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let source: SourceText

    init(_ source: SourceText) {
        self.source = source
        input = .allocate(capacity: max(1, source.bytes.count))
        _ = input.initialize(from: source.bytes)
        yaml_parser_initialize(&parser)
        yaml_parser_set_input_string(&parser, input.baseAddress, source.bytes.count)
    }

    deinit {
        yaml_parser_delete(&parser)
        input.deallocate()
    }

    /// Parses the next event and hands it to `body` while it is alive; returns true at the
    /// end of the stream.
    func next(_ body: (borrowing Event) throws(YAMLError) -> Void) throws(YAMLError) -> Bool {
        var raw = yaml_event_t()
        guard yaml_parser_parse(&parser, &raw) == 1 else { throw failure() }
        defer { yaml_event_delete(&raw) }
        let event = Event(raw)
        try body(event)
        return raw.type == YAML_STREAM_END_EVENT
    }

    /// Turns libyaml's error state into a ``YAMLError`` with a helpful message, read on the
    /// spot because the state is overwritten by the next call.
    private func failure() -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        if parser.error == YAML_READER_ERROR {
            let location = source.location(ofByte: Int(parser.problem_offset))
            var message = "the file is not valid UTF-8 text (\(problem)"
            if parser.problem_value != -1 {
                message += " 0x" + String(parser.problem_value, radix: 16, uppercase: true)
            }
            message += "); save it as UTF-8 without control characters"
            return YAMLError(.notText, at: location, message)
        }
        if parser.error == YAML_MEMORY_ERROR {
            return YAMLError(.limit, at: .start, "libyaml ran out of memory reading this file")
        }
        let location = source.clamp(
            SourceLocation(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1))
        var context = ""
        let sameMark =
            parser.context_mark.line == parser.problem_mark.line
            && parser.context_mark.column == parser.problem_mark.column
        if let text = parser.context.map({ String(cString: $0) }), !sameMark {
            context = " (\(text) at line \(parser.context_mark.line + 1), column \(parser.context_mark.column + 1))"
        }
        return YAMLError(
            .syntax, at: location, SyntaxHint.message(problem: problem, at: location, in: source) + context)
    }
}

/// A borrowed view of one libyaml event, copied into Swift values on demand.
private struct Event: ~Copyable {
    let raw: yaml_event_t

    init(_ raw: yaml_event_t) { self.raw = raw }

    var type: yaml_event_type_t { raw.type }
    var location: SourceLocation {
        SourceLocation(line: Int(raw.start_mark.line) + 1, column: Int(raw.start_mark.column) + 1)
    }

    var anchor: String? {
        switch raw.type {
        case YAML_SCALAR_EVENT: string(raw.data.scalar.anchor)
        case YAML_SEQUENCE_START_EVENT: string(raw.data.sequence_start.anchor)
        case YAML_MAPPING_START_EVENT: string(raw.data.mapping_start.anchor)
        case YAML_ALIAS_EVENT: string(raw.data.alias.anchor)
        default: nil
        }
    }

    var tag: String? {
        switch raw.type {
        case YAML_SCALAR_EVENT: string(raw.data.scalar.tag)
        case YAML_SEQUENCE_START_EVENT: string(raw.data.sequence_start.tag)
        case YAML_MAPPING_START_EVENT: string(raw.data.mapping_start.tag)
        default: nil
        }
    }

    var scalar: YAMLScalar {
        let data = raw.data.scalar
        let text = data.value.map {
            String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self)
        }
        let style: YAMLScalar.Style =
            switch data.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: .literal
            case YAML_FOLDED_SCALAR_STYLE: .folded
            default: .plain
            }
        return YAMLScalar(text: text ?? "", style: style)
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}

/// Builds the node tree from events: a stack of open collections, the anchor table, the
/// node budget and the duplicate-key check.
private struct TreeBuilder {
    /// A mapping or sequence being read; a class so that appending never copies the arrays.
    private final class Open {
        let isMapping: Bool
        let location: SourceLocation
        let tag: String?
        let anchor: String?
        var items: [YAMLNode] = []
        var entries: [YAMLEntry] = []
        var keyIndex: [String: Int] = [:]
        var pendingKey: (text: String, location: SourceLocation)?
        /// Nodes in this collection once expanded, itself included.
        var weight = 1

        init(isMapping: Bool, location: SourceLocation, tag: String?, anchor: String?) {
            self.isMapping = isMapping
            self.location = location
            self.tag = tag
            self.anchor = anchor
        }
    }

    let source: SourceText
    let limits: YAMLLimits
    var root: YAMLNode?
    var diagnostics: [Diagnostic] = []
    var finished = false

    private var stack: [Open] = []
    private var anchors: [String: (node: YAMLNode, weight: Int)] = [:]
    private var openAnchors: Set<String> = []
    private var expandedNodes = 0
    private var documents = 0

    init(source: SourceText, limits: YAMLLimits) {
        self.source = source
        self.limits = limits
    }

    mutating func handle(_ event: borrowing Event) throws(YAMLError) {
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                diagnostics.append(
                    Diagnostic(
                        .error, at: event.location, path: "",
                        "a second YAML document starts here; a manifest is one document — remove the `---` "
                            + "separator and everything after it, or merge the two"))
                finished = true
            }
        case YAML_SCALAR_EVENT:
            try charge(1, at: event.location)
            try attach(
                YAMLNode(.scalar(event.scalar), at: event.location, tag: event.tag), weight: 1, anchor: event.anchor)
        case YAML_ALIAS_EVENT:
            try alias(event.anchor ?? "", at: event.location)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            try charge(1, at: event.location)
            guard stack.count < limits.maxDepth else {
                throw YAMLError(
                    .limit, at: event.location,
                    "the document nests deeper than \(limits.maxDepth) levels; flatten the structure")
            }
            if let anchor = event.anchor { openAnchors.insert(anchor) }
            stack.append(
                Open(
                    isMapping: event.type == YAML_MAPPING_START_EVENT, location: event.location, tag: event.tag,
                    anchor: event.anchor))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let top = stack.popLast() else { return }
            let content: YAMLNode.Content = top.isMapping ? .mapping(applyMergeKeys(top.entries)) : .sequence(top.items)
            if let anchor = top.anchor { openAnchors.remove(anchor) }
            try attach(YAMLNode(content, at: top.location, tag: top.tag), weight: top.weight, anchor: top.anchor)
        default:
            break
        }
    }

    /// Charges nodes to the expansion budget, refusing the document once it is spent.
    private mutating func charge(_ nodes: Int, at location: SourceLocation) throws(YAMLError) {
        expandedNodes += nodes
        guard expandedNodes <= limits.maxNodes else {
            throw YAMLError(
                .limit, at: location,
                "the document expands to more than \(limits.maxNodes) nodes through its aliases "
                    + "(a \"billion laughs\" document?); refusing to expand it — use fewer anchors and aliases")
        }
    }

    private mutating func alias(_ name: String, at location: SourceLocation) throws(YAMLError) {
        guard let target = anchors[name] else {
            let why = openAnchors.contains(name) ? "refers to the node that contains it" : "refers to no anchor"
            diagnostics.append(
                Diagnostic(
                    .error, at: location, path: path(), "alias *\(name) \(why); define `&\(name)` before using it"))
            try charge(1, at: location)
            try attach(YAMLNode(.scalar(YAMLScalar(text: "", style: .plain)), at: location), weight: 1, anchor: nil)
            return
        }
        try charge(target.weight, at: location)
        try attach(target.node, weight: target.weight, anchor: nil)
    }

    /// Links a finished node into its parent collection, or makes it the root.
    private mutating func attach(_ node: YAMLNode, weight: Int, anchor: String?) throws(YAMLError) {
        if let anchor { anchors[anchor] = (node, weight) }
        guard let top = stack.last else {
            root = node
            return
        }
        top.weight += weight
        guard top.isMapping else {
            top.items.append(node)
            return
        }
        guard let key = top.pendingKey else {
            if let scalar = node.scalar {
                top.pendingKey = (scalar.text, node.location)
            } else {
                diagnostics.append(
                    Diagnostic(
                        .error, at: node.location, path: path(),
                        "a key must be plain text, not \(node.kindDescription); write the key as a word"))
                top.pendingKey = (Self.droppedKey, node.location)
            }
            return
        }
        top.pendingKey = nil
        guard key.text != Self.droppedKey else { return }
        if let first = top.keyIndex[key.text] {
            let firstLocation = top.entries[first].keyLocation
            diagnostics.append(
                Diagnostic(
                    .error, at: key.location, path: path(appending: key.text),
                    "duplicate key '\(key.text)' (first set at line \(firstLocation.line), column "
                        + "\(firstLocation.column)); YAML readers disagree on which value wins — keep one"))
            return
        }
        top.keyIndex[key.text] = top.entries.count
        top.entries.append(YAMLEntry(key: key.text, keyLocation: key.location, value: node))
    }

    /// A key that is not a scalar: its value is read and dropped.
    private static let droppedKey = "\u{0}dropped"

    /// Applies YAML merge keys (`<<: *defaults` or `<<: [*a, *b]`): keys written in the mapping
    /// win over merged ones, earlier sources over later ones.
    private mutating func applyMergeKeys(_ entries: [YAMLEntry]) -> [YAMLEntry] {
        guard entries.contains(where: { $0.key == "<<" }) else { return entries }
        var result = entries.filter { $0.key != "<<" }
        var seen = Set(result.map(\.key))
        for merge in entries where merge.key == "<<" {
            for source in merge.value.items ?? [merge.value] {
                guard let sourceEntries = source.entries else {
                    diagnostics.append(
                        Diagnostic(
                            .error, at: source.location, path: path(appending: "<<"),
                            "a merge key `<<` takes an alias of a mapping (or a list of them), not "
                                + source.kindDescription))
                    continue
                }
                for entry in sourceEntries where seen.insert(entry.key).inserted {
                    result.append(entry)
                }
            }
        }
        return result
    }

    /// The key path of the node being read now (`configs.schema.properties`), for diagnostics.
    private func path(appending key: String? = nil) -> String {
        var path = ""
        for open in stack {
            if open.isMapping {
                if let pending = open.pendingKey { path += path.isEmpty ? pending.text : "." + pending.text }
            } else {
                path += "[\(open.items.count)]"
            }
        }
        if let key { path += path.isEmpty ? key : "." + key }
        return path
    }
}
