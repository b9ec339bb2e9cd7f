import Core

extension ValidationRun {
    static let jsonSchemaTypes = ["object", "array", "string", "number", "integer", "boolean", "null"]

    /// `metadata_schema`: `schema` (a JSON Schema for the object a run prints on stdout) and an
    /// optional `uischema`; records the property names for `$ref: '#/metadata/<name>'`.
    mutating func metadataSection(_ root: YAMLNode) -> MetadataSection? {
        guard let node = root["metadata_schema"], node.resolved != .null else { return nil }
        guard node.entries != nil else {
            error(
                node.location, "metadata_schema",
                "`metadata_schema` must be a mapping with `schema`, not \(node.kindDescription)")
            return nil
        }
        checkKeys(of: node, path: "metadata_schema", known: ["schema", "uischema"], what: "metadata_schema")
        if let version, !version.hasTenantMetadata {
            warning(
                node.location, "metadata_schema",
                "tenant metadata is a version 1.0 feature; this file says version \(version.rawValue) — set `version: 1.0`"
            )
        }
        guard let schema = node["schema"] else {
            error(
                node.location, "metadata_schema",
                "`metadata_schema` needs a `schema`: the JSON Schema that a run's stdout is validated against")
            return nil
        }
        guard schema.entries != nil else {
            error(
                schema.location, "metadata_schema.schema",
                "`schema` must be a mapping (a JSON Schema), not \(schema.kindDescription)")
            return nil
        }
        if let type = schema["type"], type.scalar?.text != "object" {
            error(
                type.location, "metadata_schema.schema.type",
                "tenant metadata is an object (stdout is merged into it), so `type` must be `object`, not \(describe(type))"
            )
        }
        jsonSchema(schema, path: "metadata_schema.schema")
        metadataProperties = Set((schema["properties"]?.entries ?? []).map(\.key))
        if let ui = node["uischema"], ui.entries == nil, ui.resolved != .null {
            error(ui.location, "metadata_schema.uischema", "`uischema` must be a mapping")
        }
        return MetadataSection(schema: schema.json, uischema: node["uischema"]?.json)
    }

    /// Light checks of a general JSON Schema: known `type` names, mappings where mappings go,
    /// `required` names that exist.
    private mutating func jsonSchema(_ node: YAMLNode, path: String) {
        guard node.entries != nil else {
            if !value(node, hasType: .boolean) {
                error(
                    node.location, path, "a JSON Schema must be a mapping (or true/false), not \(node.kindDescription)")
            }
            return
        }
        if let type = node["type"] {
            let names = type.items ?? [type]
            for name in names where !(name.scalar.map { Self.jsonSchemaTypes.contains($0.text) } ?? false) {
                error(
                    name.location, path + ".type",
                    "unknown JSON Schema type \(describe(name)); use one of \(Self.jsonSchemaTypes.joined(separator: ", "))"
                )
            }
        }
        if let properties = node["properties"] {
            if let entries = properties.entries {
                for entry in entries { jsonSchema(entry.value, path: path + ".properties." + entry.key) }
            } else {
                error(properties.location, path + ".properties", "`properties` must be a mapping of name to schema")
            }
        }
        for key in ["items", "additionalProperties"] {
            if let child = node[key] { jsonSchema(child, path: path + "." + key) }
        }
        if let required = node["required"] {
            let defined = Set((node["properties"]?.entries ?? []).map(\.key))
            for (index, item) in (required.items ?? []).enumerated() {
                if let name = item.scalar?.text, !defined.contains(name), node["properties"] != nil {
                    error(
                        item.location, "\(path).required[\(index)]",
                        "required property `\(name)` is not under `properties`")
                }
            }
            if required.items == nil {
                error(required.location, path + ".required", "`required` must be a list of property names")
            }
        }
    }
}
