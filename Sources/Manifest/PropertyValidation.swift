import Core

extension ValidationRun {
    static let propertyKeys = [
        "type", "default", "min", "max", "format", "enum", "oneOf", "$ref", "items", "title", "description",
        "properties", "additionalProperties", "const", "readOnly",
    ]
    static let formats = ["date", "time", "date-time"]
    /// Type names from other languages, mapped to the JSON Schema name meant.
    static let typeSynonyms = [
        "int": "integer", "bool": "boolean", "str": "string", "text": "string", "float": "number", "double": "number",
        "list": "array", "dict": "object", "map": "object", "mapping": "object",
    ]

    /// What a property schema declares, for the checks that need it later.
    struct PropertyFacts {
        var type: ConfigType?
        var defaultValue: JSONValue?
        var reference: String?
    }

    /// One entry of `configs.schema.properties`.
    mutating func property(
        _ name: String, _ node: YAMLNode, path: String, definitions: [String: JSONValue]
    )
        -> ConfigProperty?
    {
        guard
            let facts = propertySchema(
                node, path: path, what: "config `\(name)`", dynamic: false, definitions: definitions)
        else { return nil }
        return ConfigProperty(
            name: name, type: facts.type, defaultValue: facts.defaultValue, reference: facts.reference, raw: node.json)
    }

    /// A definition or an `items` schema; true when it is usable.
    mutating func optionSchema(_ node: YAMLNode, path: String, what: String, dynamic: Bool) -> Bool {
        propertySchema(node, path: path, what: what, dynamic: dynamic, definitions: nil) != nil
    }

    /// Checks a property-like schema: type, `$ref`, `enum`, `oneOf`, `default`, `min`/`max`,
    /// `format`, `items`. `dynamic` schemas hold placeholders, so their values are not typed.
    private mutating func propertySchema(
        _ node: YAMLNode, path: String, what: String, dynamic: Bool, definitions: [String: JSONValue]?
    ) -> PropertyFacts? {
        guard node.entries != nil else {
            error(
                node.location, path, "\(what) must be a mapping such as `{type: string}`, not \(node.kindDescription)")
            return nil
        }
        checkKeys(of: node, path: path, known: Self.propertyKeys, what: what)
        var facts = PropertyFacts()
        if let typeNode = node["type"] {
            let known = ConfigType.allCases.map(\.rawValue)
            if let text = typeNode.scalar?.text, let type = ConfigType(rawValue: text) {
                facts.type = type
            } else {
                let written = typeNode.scalar?.text ?? ""
                let hint = (Self.typeSynonyms[written.lowercased()] ?? Suggestions.closest(to: written, in: known)).map
                {
                    "did you mean `\($0)`? "
                }
                error(
                    typeNode.location, path + ".type",
                    "\(what) has type \(describe(typeNode)); \(hint ?? "")use one of \(known.joined(separator: ", "))")
            }
        } else if node["$ref"] == nil, node["enum"] == nil, node["oneOf"] == nil, node["const"] == nil {
            error(
                node.location, path,
                "\(what) has no `type`; add one of \(ConfigType.allCases.map(\.rawValue).joined(separator: ", ")), "
                    + "e.g. `type: string`")
        }
        if let refNode = node["$ref"] {
            facts.reference = reference(refNode, path: path + ".$ref", definitions: definitions)
        }
        let choices = self.choices(node, path: path, what: what, type: dynamic ? nil : facts.type)
        if let defaultNode = node["default"] {
            facts.defaultValue = defaultNode.json
            checkDefault(defaultNode, path: path + ".default", what: what, type: facts.type, choices: choices)
        }
        checkBounds(node, path: path, what: what, type: facts.type)
        if let formatNode = node["format"] {
            if let format = formatNode.scalar?.text, Self.formats.contains(format) {
                if let type = facts.type, type != .string {
                    warning(
                        formatNode.location, path + ".format",
                        "`format` applies to strings; \(what) is \(article(type))")
                }
            } else {
                error(
                    formatNode.location, path + ".format",
                    "unknown format \(describe(formatNode)); use date, time or date-time (or remove it for free text)")
            }
        }
        if let itemsNode = node["items"] {
            if let type = facts.type, type != .array {
                warning(itemsNode.location, path + ".items", "`items` applies to arrays; \(what) is \(article(type))")
            }
            _ = optionSchema(itemsNode, path: path + ".items", what: "the items of \(what)", dynamic: dynamic)
        }
        if let nested = node["properties"], facts.type == .object {
            for entry in nested.entries ?? [] {
                _ = optionSchema(
                    entry.value, path: path + ".properties." + entry.key, what: "`\(entry.key)`", dynamic: dynamic)
            }
        }
        return facts
    }

    /// `$ref: '#/definitions/<name>'` or `'#/metadata/<name>'`; returns the reference when it resolves.
    private mutating func reference(_ node: YAMLNode, path: String, definitions: [String: JSONValue]?) -> String? {
        guard let text = node.scalar?.text else {
            error(node.location, path, "`$ref` must be a string such as '#/definitions/<name>'")
            return nil
        }
        if text.hasPrefix("#/definitions/"), let definitions {
            let name = String(text.dropFirst("#/definitions/".count))
            guard definitions[name] != nil else {
                let defined = definitions.keys.sorted()
                let hint =
                    Suggestions.closest(to: name, in: defined).map { "did you mean '#/definitions/\($0)'?" }
                    ?? (defined.isEmpty
                        ? "add it under configs.schema.definitions" : "definitions: " + defined.joined(separator: ", "))
                error(node.location, path, "`$ref: '\(text)'` resolves to nothing; \(hint)")
                return nil
            }
            return text
        }
        if text.hasPrefix("#/metadata/") {
            let name = String(text.dropFirst("#/metadata/".count))
            guard let metadata = metadataProperties else {
                error(
                    node.location, path,
                    "`$ref: '\(text)'` refers to tenant metadata, but there is no `metadata_schema`")
                return nil
            }
            guard metadata.contains(name) else {
                error(
                    node.location, path,
                    "`$ref: '\(text)'` resolves to nothing; metadata_schema.schema.properties has: "
                        + (metadata.isEmpty ? "no properties" : metadata.sorted().joined(separator: ", ")))
                return nil
            }
            if let version, !version.hasTenantMetadata {
                warning(
                    node.location, path,
                    "`#/metadata/` references need `version: 1.0`; this file says \(version.rawValue)")
            }
            return text
        }
        error(node.location, path, "`$ref: '\(text)'` is not '#/definitions/<name>' or '#/metadata/<name>'")
        return nil
    }

    /// The allowed values from `enum` and `oneOf` (their `const`s), each checked against `type`.
    private mutating func choices(_ node: YAMLNode, path: String, what: String, type: ConfigType?) -> [JSONValue]? {
        var choices: [JSONValue]?
        if let enumNode = node["enum"] {
            if let items = enumNode.items, !items.isEmpty {
                choices = []
                for (index, item) in items.enumerated() {
                    checkValue(item, path: "\(path).enum[\(index)]", role: "enum value", what: what, type: type)
                    if choices?.contains(item.json) == true {
                        warning(item.location, "\(path).enum[\(index)]", "enum value \(describe(item)) is listed twice")
                    }
                    choices?.append(item.json)
                }
            } else {
                error(enumNode.location, path + ".enum", "`enum` must be a non-empty list of the allowed values")
            }
        }
        if let oneOfNode = node["oneOf"] {
            guard let items = oneOfNode.items, !items.isEmpty else {
                error(
                    oneOfNode.location, path + ".oneOf", "`oneOf` must be a non-empty list of `{const, title}` options")
                return choices
            }
            var constants: [JSONValue] = []
            for (index, item) in items.enumerated() {
                let itemPath = "\(path).oneOf[\(index)]"
                guard item.entries != nil else {
                    error(item.location, itemPath, "a oneOf option must be a mapping `{const: value, title: Label}`")
                    continue
                }
                checkKeys(of: item, path: itemPath, known: ["const", "title", "description"], what: "a oneOf option")
                guard let constant = item["const"] else {
                    error(
                        item.location, itemPath, "this oneOf option has no `const` (the value stored when it is chosen)"
                    )
                    continue
                }
                checkValue(constant, path: itemPath + ".const", role: "const", what: what, type: type)
                constants.append(constant.json)
                if let title = item["title"], title.scalar == nil {
                    error(title.location, itemPath + ".title", "`title` must be a string (the label shown)")
                } else if item["title"] == nil {
                    warning(
                        item.location, itemPath, "this oneOf option has no `title`, so the form shows its raw value")
                }
            }
            choices = (choices ?? []) + constants
        }
        return choices
    }
}
