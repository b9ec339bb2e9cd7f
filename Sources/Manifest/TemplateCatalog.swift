package import Core
import Foundation

/// The build templates of `build-templates/`, looked up by the runtime named in `base`.
///
/// Template files are YAML, read with the same reader as manifests; a broken template is an
/// error naming its file, line and column.
package struct TemplateCatalog: Sendable {
    /// Every template, sorted by name.
    package let templates: [BuildTemplate]
    private let byRuntime: [String: BuildTemplate]

    /// Builds a catalog; a runtime claimed by two templates is an error.
    package init(_ templates: [BuildTemplate]) throws(TemplateError) {
        self.templates = templates.sorted { $0.name < $1.name }
        var byRuntime: [String: BuildTemplate] = [:]
        for template in self.templates {
            for runtime in template.matches {
                if let other = byRuntime[runtime] {
                    throw TemplateError(
                        file: template.name + ".yaml", location: .start,
                        "runtime '\(runtime)' is claimed by both \(other.name) and \(template.name); keep it in one")
                }
                byRuntime[runtime] = template
            }
        }
        self.byRuntime = byRuntime
    }

    /// The template for a runtime name, compared case-insensitively (`Node`, `.NET`).
    package func template(forRuntime runtime: String) -> BuildTemplate? {
        byRuntime[runtime.lowercased()]
    }

    /// Every runtime name a manifest may use, sorted.
    package var knownRuntimes: [String] { byRuntime.keys.sorted() }

    /// Reads every `*.yaml` file of `directory`.
    package static func load(directory: String) throws(TemplateError) -> TemplateCatalog {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }
                .sorted()
        } catch {
            throw TemplateError(
                file: directory, location: .start,
                "cannot list the build templates folder (\(error.localizedDescription)); pass --templates DIR")
        }
        guard !names.isEmpty else {
            throw TemplateError(
                file: directory, location: .start, "the folder holds no *.yaml build templates; pass --templates DIR")
        }
        var templates: [BuildTemplate] = []
        for name in names {
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TemplateError(file: path, location: .start, "cannot read the build template")
            }
            templates.append(try parse(SourceText(Array(data)), file: path))
        }
        return try TemplateCatalog(templates)
    }

    /// Parses one template file.
    package static func parse(_ source: SourceText, file: String) throws(TemplateError) -> BuildTemplate {
        let document: YAMLDocument
        do {
            document = try YAMLReader.read(source)
        } catch {
            throw TemplateError(file: file, location: error.location, error.message)
        }
        if let first = document.diagnostics.first {
            throw TemplateError(file: file, location: first.location, first.message)
        }
        guard let root = document.root, root.entries != nil else {
            throw TemplateError(file: file, location: .start, "a build template is a mapping with name, matches, …")
        }
        let reader = TemplateFields(file: file, root: root)
        let name = try reader.string("name")
        let expectedName = (file as NSString).lastPathComponent.replacingOccurrences(of: ".yaml", with: "")
        guard name == expectedName else {
            throw TemplateError(
                file: file, location: root.location,
                "the template is named '\(name)' but its file is \(expectedName).yaml")
        }
        var toolchain: ToolchainCheck?
        if let check = root["toolchain"], check.resolved != .null {
            let fields = TemplateFields(file: file, root: check)
            let pattern = try fields.string("version_pattern")
            do {
                _ = try Regex(pattern)
            } catch {
                throw TemplateError(
                    file: file, location: check["version_pattern"]?.location ?? check.location,
                    "version_pattern is not a valid regular expression: \(error)")
            }
            toolchain = ToolchainCheck(
                command: try fields.strings("command"), versionPattern: pattern,
                readsStandardError: try fields.optionalString("stream") == "stderr",
                majorComponents: try fields.integer("major_components", default: 1))
        }
        return BuildTemplate(
            name: name, templateVersion: try reader.integer("template_version", default: nil),
            summary: try reader.string("summary"), matches: try reader.strings("matches").map { $0.lowercased() },
            toolchain: toolchain, buildEnvironment: try reader.environment("build_env"),
            runEnvironment: try reader.environment("run_env"), exclude: try reader.optionalStrings("exclude"))
    }
}

/// A build template that could not be read, with its file and position.
package struct TemplateError: Error, Sendable, CustomStringConvertible {
    /// The template file (or folder).
    package var file: String
    /// Where in it.
    package var location: SourceLocation
    /// What is wrong.
    package var message: String

    init(file: String, location: SourceLocation, _ message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    package var description: String { "\(file):\(location): error: \(message)" }
}

/// Typed access to a template's keys, failing with the key's position.
private struct TemplateFields {
    let file: String
    let root: YAMLNode

    func fail(_ key: String, _ message: String) -> TemplateError {
        TemplateError(file: file, location: root[key]?.location ?? root.location, "`\(key)` \(message)")
    }

    func string(_ key: String) throws(TemplateError) -> String {
        guard let value = try optionalString(key) else { throw fail(key, "is required (a string)") }
        return value
    }

    func optionalString(_ key: String) throws(TemplateError) -> String? {
        guard let node = root[key], node.resolved != .null else { return nil }
        guard let scalar = node.scalar else { throw fail(key, "must be a string, not \(node.kindDescription)") }
        return scalar.text
    }

    func integer(_ key: String, default fallback: Int?) throws(TemplateError) -> Int {
        guard let node = root[key] else {
            if let fallback { return fallback }
            throw fail(key, "is required (a whole number)")
        }
        guard case .int(let value) = node.resolved, value >= 0 else { throw fail(key, "must be a whole number") }
        return value
    }

    func strings(_ key: String) throws(TemplateError) -> [String] {
        let values = try optionalStrings(key)
        guard !values.isEmpty else { throw fail(key, "is required (a list of strings)") }
        return values
    }

    func optionalStrings(_ key: String) throws(TemplateError) -> [String] {
        guard let node = root[key], node.resolved != .null else { return [] }
        guard let items = node.items else { throw fail(key, "must be a list of strings") }
        var values: [String] = []
        for item in items {
            guard let scalar = item.scalar, !scalar.text.isEmpty else { throw fail(key, "must hold only strings") }
            values.append(scalar.text)
        }
        return values
    }

    func environment(_ key: String) throws(TemplateError) -> [String: String] {
        guard let node = root[key], node.resolved != .null else { return [:] }
        guard let entries = node.entries else { throw fail(key, "must be a mapping of NAME: value") }
        var environment: [String: String] = [:]
        for entry in entries {
            guard let scalar = entry.value.scalar else { throw fail(key, "values must be strings") }
            environment[entry.key] = scalar.text
        }
        return environment
    }
}
