package import Core

/// A validated PANDIUM.yaml: what to build and run, and the tenant settings it declares.
///
/// Produced by ``ManifestValidator`` only when the file has no errors; ``json`` is the
/// normalized form printed by `slipway validate --format json` and stored with a release.
package struct Manifest: Sendable {
    /// The manifest format version, as written (`0.4`, `0.5`, `1.0`).
    package var version: ManifestVersion
    /// The runtime the integration is built and run with.
    package var base: BaseImage
    /// One shell command line run with `sh -c` in the integration's folder to build it.
    package var build: String
    /// One shell command line run with `sh -c` in the release's folder to run it.
    package var run: String
    /// Connector names whose secrets are injected as `PAN_SEC_<CONNECTOR>_<KEY>`.
    package var connectors: [String]
    /// The tenant settings form, when declared.
    package var configs: ConfigSection?
    /// The tenant metadata schema, when declared.
    package var metadataSchema: MetadataSection?
    /// Extra repository paths whose changes also rebuild this integration (monorepos).
    package var include: [String]

    /// The normalized manifest as JSON.
    package var json: JSONValue {
        var object: [String: JSONValue] = [
            "version": .string(version.rawValue),
            "base": base.json,
            "build": .string(build),
            "run": .string(run),
            "connectors": .array(connectors.map(JSONValue.string)),
            "include": .array(include.map(JSONValue.string)),
            "configs": .null,
            "metadata_schema": .null,
        ]
        if let configs {
            object["configs"] = .object([
                "schema": configs.schema?.raw ?? .null,
                "uischema": configs.uischema ?? .null,
                "env": .object(
                    Dictionary(
                        (configs.schema?.properties ?? []).map { ($0.name, JSONValue.string($0.environmentName)) },
                        uniquingKeysWith: { first, _ in first })),
            ])
        }
        if let metadataSchema {
            object["metadata_schema"] = .object([
                "schema": metadataSchema.schema, "uischema": metadataSchema.uischema ?? .null,
            ])
        }
        return .object(object)
    }
}

/// A known manifest format version.
package enum ManifestVersion: String, Sendable, CaseIterable {
    case version0dot4 = "0.4"
    case version0dot5 = "0.5"
    case version1dot0 = "1.0"

    /// Whether tenant metadata (`metadata_schema`, `$ref: '#/metadata/…'`) belongs to this version.
    package var hasTenantMetadata: Bool { self == .version1dot0 }
}

/// `base: <runtime>[:<version>]`, resolved to a build template.
package struct BaseImage: Sendable, Hashable {
    /// The value as written (`.NET:5.0`).
    package var raw: String
    /// The runtime part, lowercased (`.net`).
    package var runtime: String
    /// The version part, when written (`5.0`).
    package var version: String?
    /// The name of the build template that matched (`dotnet`).
    package var template: String

    /// Creates a base image.
    package init(raw: String, runtime: String, version: String?, template: String) {
        self.raw = raw
        self.runtime = runtime
        self.version = version
        self.template = template
    }

    var json: JSONValue {
        .object([
            "raw": .string(raw), "runtime": .string(runtime), "version": version.map(JSONValue.string) ?? .null,
            "template": .string(template),
        ])
    }
}

/// `configs`: the schema of tenant settings and the layout of their form.
package struct ConfigSection: Sendable {
    /// The settings' schema; nil for `configs: {}`.
    package var schema: ConfigSchema?
    /// The JSON-Forms-like layout, as JSON.
    package var uischema: JSONValue?
}

/// `configs.schema`: the tenant settings, each injected as `PAN_CFG_<NAME>`.
package struct ConfigSchema: Sendable {
    /// The optional schema name.
    package var name: String?
    /// The settings in the order written.
    package var properties: [ConfigProperty]
    /// Names that a tenant must set.
    package var required: [String]
    /// Named option lists for dynamic configs (`$ref: '#/definitions/<name>'`).
    package var definitions: [String: JSONValue]
    /// The schema as JSON, for storage and later validation of tenant configs.
    package var raw: JSONValue
}

/// One tenant setting.
package struct ConfigProperty: Sendable {
    /// The name under `properties`.
    package var name: String
    /// The declared type, or nil when it comes from a `$ref`, `enum` or `oneOf`.
    package var type: ConfigType?
    /// The default value, if any.
    package var defaultValue: JSONValue?
    /// The `$ref`, if any.
    package var reference: String?
    /// The property as JSON.
    package var raw: JSONValue

    /// `PAN_CFG_<NAME>`: the environment variable a run sees the value in.
    package var environmentName: String { "PAN_CFG_" + name.uppercased() }
}

/// The types a config may have.
package enum ConfigType: String, Sendable, CaseIterable {
    case boolean, integer, number, string, array, object
}

/// `metadata_schema`: the JSON Schema that a run's stdout is validated against before it is
/// merged into tenant metadata.
package struct MetadataSection: Sendable {
    /// The schema, as JSON.
    package var schema: JSONValue
    /// The optional layout, as JSON (kept, not used).
    package var uischema: JSONValue?
}
