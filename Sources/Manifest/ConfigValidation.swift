import Core

extension ValidationRun {
    static let configsKeys = ["schema", "uischema"]
    static let schemaKeys = [
        "type", "properties", "required", "definitions", "name", "title", "description", "$schema",
        "additionalProperties",
    ]

    /// `configs`: warns when missing (tenants get no settings), validates `schema` and
    /// `uischema` and their cross-references.
    mutating func configSection(_ root: YAMLNode) -> ConfigSection? {
        guard let node = root["configs"] else {
            warning(
                root.location, "configs",
                "no `configs` section: tenants of this integration will have no settings; add "
                    + "`configs: {schema: {type: object, properties: {}}}` if that is intended")
            return nil
        }
        if node.resolved == .null { return ConfigSection(schema: nil, uischema: nil) }
        guard node.entries != nil else {
            error(
                node.location, "configs",
                "`configs` must be a mapping with `schema` and `uischema`, not \(node.kindDescription)")
            return nil
        }
        checkKeys(of: node, path: "configs", known: Self.configsKeys, what: "configs")
        var schema: ConfigSchema?
        if let schemaNode = node["schema"] {
            schema = configSchema(schemaNode, path: "configs.schema")
        } else if !(node.entries ?? []).isEmpty {
            warning(node.location, "configs", "`configs` has no `schema`, so tenants will have no settings")
        }
        var uischema: JSONValue?
        if let uiNode = node.entry("uischema") {
            uischema = uiNode.value.json
            var shown: [String: SourceLocation] = [:]
            uiElement(uiNode.value, path: "configs.uischema", schema: node["schema"], shown: &shown)
            for property in schema?.properties ?? [] where shown[property.name] == nil {
                let location = node["schema"]?["properties"]?.entry(property.name)?.keyLocation ?? uiNode.keyLocation
                warning(
                    location, "configs.schema.properties.\(property.name)",
                    "config `\(property.name)` has no Control in the uischema, so tenants cannot see or set it; add "
                        + "`{type: Control, scope: '#/properties/\(property.name)'}`")
            }
        } else if let schema, !schema.properties.isEmpty {
            warning(
                node.location, "configs",
                "`configs` has no `uischema`, so the settings form shows no fields; add a VerticalLayout with a "
                    + "Control per config")
        }
        return ConfigSection(schema: schema, uischema: uischema)
    }

    /// `configs.schema`: a JSON-Schema subset whose properties become `PAN_CFG_<NAME>`.
    mutating func configSchema(_ node: YAMLNode, path: String) -> ConfigSchema? {
        guard node.entries != nil else {
            error(
                node.location, path,
                "`schema` must be a mapping with `type: object` and `properties`, not \(node.kindDescription)")
            return nil
        }
        checkKeys(of: node, path: path, known: Self.schemaKeys, what: "the config schema")
        if let type = node["type"], type.scalar?.text != "object" {
            error(type.location, path + ".type", "the config schema's `type` must be `object`, not \(describe(type))")
        }
        var name: String?
        if let nameNode = node["name"] {
            name = nameNode.scalar?.text
            if name == nil { error(nameNode.location, path + ".name", "`name` must be a string") }
        }
        let definitions = self.definitions(node["definitions"], path: path + ".definitions")
        var properties: [ConfigProperty] = []
        if let propertiesNode = node["properties"], propertiesNode.resolved != .null {
            if propertiesNode.entries == nil {
                error(
                    propertiesNode.location, path + ".properties",
                    "`properties` must be a mapping of config name to its schema, not \(propertiesNode.kindDescription)"
                )
            }
            var environmentNames: [String: String] = [:]
            for entry in propertiesNode.entries ?? [] {
                let propertyPath = path + ".properties." + entry.key
                guard let property = self.property(entry.key, entry.value, path: propertyPath, definitions: definitions)
                else { continue }
                if !EnvironmentName.isValidSuffix(entry.key, allowingDash: false) {
                    let suggestion = String(entry.key.map { $0.isLetter || $0.isNumber ? $0 : "_" })
                    error(
                        entry.keyLocation, propertyPath,
                        "config name `\(entry.key)` cannot become an environment variable (`\(property.environmentName)`); "
                            + "use ASCII letters, digits and `_`, e.g. `\(suggestion)`")
                } else if let other = environmentNames[property.environmentName] {
                    error(
                        entry.keyLocation, propertyPath,
                        "configs `\(other)` and `\(entry.key)` both become \(property.environmentName); rename one")
                } else {
                    environmentNames[property.environmentName] = entry.key
                }
                properties.append(property)
            }
        }
        let required = self.requiredNames(node["required"], path: path + ".required", properties: properties)
        return ConfigSchema(
            name: name, properties: properties, required: required, definitions: definitions, raw: node.json)
    }

    private mutating func definitions(_ node: YAMLNode?, path: String) -> [String: JSONValue] {
        guard let node, node.resolved != .null else { return [:] }
        guard let entries = node.entries else {
            error(node.location, path, "`definitions` must be a mapping of option-list names to schemas")
            return [:]
        }
        var definitions: [String: JSONValue] = [:]
        for entry in entries {
            // Definitions are dynamic option lists: their placeholder values are replaced by an init
            // run, so their values are not held to the declared type.
            if optionSchema(entry.value, path: path + "." + entry.key, what: "definition `\(entry.key)`", dynamic: true)
            {
                definitions[entry.key] = entry.value.json
            }
        }
        return definitions
    }

    private mutating func requiredNames(_ node: YAMLNode?, path: String, properties: [ConfigProperty]) -> [String] {
        guard let node, node.resolved != .null else { return [] }
        guard let items = node.items else {
            error(node.location, path, "`required` must be a list of config names, e.g. `required: [api_url]`")
            return []
        }
        let defined = properties.map(\.name)
        var names: [String] = []
        for (index, item) in items.enumerated() {
            guard let name = item.scalar?.text, item.resolved != .null else {
                error(
                    item.location, "\(path)[\(index)]", "a required name must be a string, not \(item.kindDescription)")
                continue
            }
            if !defined.contains(name) {
                let hint =
                    Suggestions.closest(to: name, in: defined).map { "did you mean `\($0)`?" }
                    ?? (defined.isEmpty
                        ? "no configs are defined" : "defined configs: " + defined.joined(separator: ", "))
                error(
                    item.location, "\(path)[\(index)]",
                    "required config `\(name)` is not defined under `properties`; \(hint)")
            }
            names.append(name)
        }
        return names
    }

    /// Describes a node for "must be X, not Y" messages: a scalar by its text.
    func describe(_ node: YAMLNode) -> String {
        if let scalar = node.scalar, node.resolved != .null { return "`\(scalar.text)`" }
        return node.kindDescription
    }
}
