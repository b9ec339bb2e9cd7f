package import Core

/// One node of a YAML document with the position it was written at.
///
/// Aliases are resolved to the anchored node (sharing its storage and its location), so a
/// consumer never sees an alias; the reader refuses documents whose aliases would expand
/// beyond a node budget.
package struct YAMLNode: Sendable {
    /// What the node holds.
    package enum Content: Sendable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLEntry])
    }

    /// The node's content.
    package var content: Content
    /// Where the node starts (for an alias, where the anchored node starts).
    package var location: SourceLocation
    /// The explicit tag, expanded (`tag:yaml.org,2002:str`), when one was written.
    package var tag: String?

    /// Creates a node.
    package init(_ content: Content, at location: SourceLocation, tag: String? = nil) {
        self.content = content
        self.location = location
        self.tag = tag
    }

    /// The scalar, when this node is one.
    package var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The entries, when this node is a mapping.
    package var entries: [YAMLEntry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    /// The items, when this node is a sequence.
    package var items: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The value stored under `key` in a mapping (the first, if duplicated).
    package subscript(key: String) -> YAMLNode? {
        entries?.first { $0.key == key }?.value
    }

    /// The entry stored under `key` in a mapping, with the key's own location.
    package func entry(_ key: String) -> YAMLEntry? {
        entries?.first { $0.key == key }
    }

    /// The resolved scalar value (YAML 1.2 core schema), or nil for collections.
    package var resolved: ResolvedScalar? {
        scalar.map { $0.resolve(tag: tag) }
    }

    /// A word for the kind of node, for messages ("a mapping", "a list", "the number 12").
    package var kindDescription: String {
        switch content {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar(let scalar): scalar.resolve(tag: tag).kindDescription
        }
    }

    /// The node as a JSON value: scalars resolved by the core schema, mappings as objects.
    package var json: JSONValue {
        switch content {
        case .scalar(let scalar): scalar.resolve(tag: tag).json
        case .sequence(let items): .array(items.map(\.json))
        case .mapping(let entries):
            .object(Dictionary(entries.map { ($0.key, $0.value.json) }, uniquingKeysWith: { first, _ in first }))
        }
    }
}

/// A key/value pair of a mapping; keys are always scalars.
package struct YAMLEntry: Sendable {
    /// The key's text.
    package var key: String
    /// Where the key starts.
    package var keyLocation: SourceLocation
    /// The value.
    package var value: YAMLNode

    /// Creates an entry.
    package init(key: String, keyLocation: SourceLocation, value: YAMLNode) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}

/// A scalar as written: its text and quoting style.
package struct YAMLScalar: Sendable, Hashable {
    /// How the scalar was written.
    package enum Style: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    /// The scalar's text after YAML unescaping and folding.
    package var text: String
    /// The quoting style it was written in.
    package var style: Style

    /// Creates a scalar.
    package init(text: String, style: Style) {
        self.text = text
        self.style = style
    }
}
