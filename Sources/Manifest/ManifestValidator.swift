package import Core

/// What validating one PANDIUM.yaml found.
package struct ManifestReport: Sendable {
    /// The typed manifest; nil when there is any error.
    package var manifest: Manifest?
    /// Every problem, sorted by position.
    package var diagnostics: [Diagnostic]
    /// True when the bytes are not text at all (invalid UTF-8, control characters).
    package var notText: Bool
    /// The source, for excerpts.
    package var source: SourceText

    /// Whether the manifest has no errors (warnings allowed).
    package var isValid: Bool { !diagnostics.hasErrors }
}

/// Validates PANDIUM.yaml files against SPEC §3 and the build templates, collecting every
/// diagnostic in one pass.
///
/// ```swift
/// let validator = ManifestValidator(templates: catalog, toolchains: probe)
/// let report = validator.validate(SourceText(bytes))
/// for diagnostic in report.diagnostics { print(diagnostic.location, diagnostic.message) }
/// ```
package struct ManifestValidator: Sendable {
    /// The build templates `base` is matched against.
    package let templates: TemplateCatalog
    /// Checks the host's toolchains; nil skips the check (no toolchain warnings).
    package let toolchains: (any ToolchainProbing)?
    /// Bounds on the YAML document.
    package let limits: YAMLLimits

    /// Creates a validator.
    package init(templates: TemplateCatalog, toolchains: (any ToolchainProbing)?, limits: YAMLLimits = .standard) {
        self.templates = templates
        self.toolchains = toolchains
        self.limits = limits
    }

    /// The report for a file refused by size before reading it.
    package func validate(byteCount: Int) -> ManifestReport? {
        do {
            try YAMLReader.checkSize(byteCount, limits: limits)
            return nil
        } catch {
            return ManifestReport(
                manifest: nil, diagnostics: [error.diagnostic], notText: false, source: SourceText([]))
        }
    }

    /// Validates one file's bytes.
    package func validate(_ source: SourceText) -> ManifestReport {
        let document: YAMLDocument
        do {
            document = try YAMLReader.read(source, limits: limits)
        } catch {
            return ManifestReport(
                manifest: nil, diagnostics: [error.diagnostic], notText: error.code == .notText, source: source)
        }
        var run = ValidationRun(validator: self, diagnostics: document.diagnostics)
        let manifest = run.manifest(document.root)
        let diagnostics = run.diagnostics.sorted()
        return ManifestReport(
            manifest: diagnostics.hasErrors ? nil : manifest, diagnostics: diagnostics, notText: false, source: source)
    }
}

/// The state of one validation: the diagnostics so far and what later checks need to know.
struct ValidationRun {
    let validator: ManifestValidator
    var diagnostics: [Diagnostic]
    /// The declared version, when it is a known one.
    var version: ManifestVersion?
    /// `metadata_schema.schema.properties` names, for `$ref: '#/metadata/<name>'`.
    var metadataProperties: Set<String>?

    static let topLevelKeys = [
        "version", "base", "build", "run", "connectors", "configs", "metadata_schema", "include",
    ]

    mutating func error(_ location: SourceLocation, _ path: String, _ message: String) {
        diagnostics.append(Diagnostic(.error, at: location, path: path, message))
    }

    mutating func warning(_ location: SourceLocation, _ path: String, _ message: String) {
        diagnostics.append(Diagnostic(.warning, at: location, path: path, message))
    }

    /// Warns about keys of `node` outside `known`, suggesting the closest known key.
    mutating func checkKeys(of node: YAMLNode, path: String, known: [String], what: String) {
        for entry in node.entries ?? [] where !known.contains(entry.key) {
            let hint =
                Suggestions.closest(to: entry.key, in: known).map { "did you mean `\($0)`?" }
                ?? "known keys: " + known.joined(separator: ", ")
            warning(
                entry.keyLocation, join(path, entry.key), "unknown key `\(entry.key)` in \(what) is ignored; \(hint)")
        }
    }

    mutating func manifest(_ root: YAMLNode?) -> Manifest? {
        guard let root else {
            error(
                .start, "",
                "the manifest is empty; write at least `version`, `base`, `build` and `run`, for example "
                    + "`version: 1.0`, `base: node:20`, `build: npm ci`, `run: node index.js`")
            return nil
        }
        guard root.entries != nil else {
            error(
                root.location, "",
                "the manifest must be a mapping of keys (version, base, build, run, …), not \(root.kindDescription)")
            return nil
        }
        checkKeys(of: root, path: "", known: Self.topLevelKeys, what: "the manifest")
        version = self.version(root)
        let base = self.base(root)
        let build = command("build", in: root, example: "npm ci")
        let run = command("run", in: root, example: "node index.js")
        let connectors = self.connectors(root)
        let include = self.include(root)
        let metadata = metadataSection(root)
        let configs = configSection(root)
        guard let version, let base, let build, let run else { return nil }
        return Manifest(
            version: version, base: base, build: build, run: run, connectors: connectors, configs: configs,
            metadataSchema: metadata, include: include)
    }

    /// `root[key]`, or an error at the document start naming the missing key.
    mutating func required(_ key: String, in root: YAMLNode, _ explanation: String) -> YAMLNode? {
        guard let node = root[key] else {
            error(root.location, key, "missing required key `\(key)`: \(explanation)")
            return nil
        }
        return node
    }

    mutating func version(_ root: YAMLNode) -> ManifestVersion? {
        let known = ManifestVersion.allCases.map(\.rawValue)
        guard let node = required("version", in: root, "the manifest format version, e.g. `version: 1.0`") else {
            return nil
        }
        guard let scalar = node.scalar, node.resolved != .null else {
            error(node.location, "version", "`version` must be one of \(list(known)), not \(node.kindDescription)")
            return nil
        }
        if let version = ManifestVersion(rawValue: scalar.text) { return version }
        let hint = known.first { $0.hasPrefix(scalar.text + ".") || scalar.text.hasPrefix($0) }.map {
            " (did you mean \($0)?)"
        }
        error(node.location, "version", "unknown version `\(scalar.text)`; known versions: \(list(known))\(hint ?? "")")
        return nil
    }

    mutating func command(_ key: String, in root: YAMLNode, example: String) -> String? {
        let purpose = key == "build" ? "builds the integration" : "starts the integration"
        guard let node = required(key, in: root, "the shell command line that \(purpose), e.g. `\(key): \(example)`")
        else { return nil }
        if node.items != nil {
            error(
                node.location, key,
                "`\(key)` must be one shell command line, not a list; join the steps with `&&`, e.g. "
                    + "`\(key): npm ci && npm run build`")
            return nil
        }
        guard let scalar = node.scalar, node.resolved != .null,
            !scalar.text.allSatisfy({ $0.isWhitespace })
        else {
            error(node.location, key, "`\(key)` is empty; write the shell command line that \(purpose)")
            return nil
        }
        return scalar.text
    }

    mutating func connectors(_ root: YAMLNode) -> [String] {
        guard let node = root["connectors"], node.resolved != .null else { return [] }
        guard let items = node.items else {
            error(
                node.location, "connectors",
                "`connectors` must be a list of connector names, e.g. `connectors: [hubspot, aws]`")
            return []
        }
        var names: [String] = []
        var prefixes: [String: String] = [:]
        for (index, item) in items.enumerated() {
            let path = "connectors[\(index)]"
            guard let name = item.scalar?.text, item.resolved != .null, !name.isEmpty else {
                error(item.location, path, "a connector name must be a string, not \(item.kindDescription)")
                continue
            }
            guard EnvironmentName.isValidSuffix(name, allowingDash: true) else {
                error(
                    item.location, path,
                    "connector `\(name)` cannot become an environment variable prefix (PAN_SEC_\(EnvironmentName.suffix(name))_…); "
                        + "use letters, digits, `-` and `_` only")
                continue
            }
            let prefix = "PAN_SEC_" + EnvironmentName.suffix(name)
            if let other = prefixes[prefix] {
                let what = other == name ? "is listed twice" : "and `\(other)` both become \(prefix)_…; rename one"
                error(item.location, path, "connector `\(name)` \(what)")
                continue
            }
            prefixes[prefix] = name
            names.append(name)
        }
        return names
    }

    mutating func include(_ root: YAMLNode) -> [String] {
        guard let node = root["include"], node.resolved != .null else { return [] }
        guard let items = node.items else {
            error(
                node.location, "include",
                "`include` must be a list of repository paths, e.g. `include: [libs/common]`")
            return []
        }
        var paths: [String] = []
        for (index, item) in items.enumerated() {
            let itemPath = "include[\(index)]"
            guard let raw = item.scalar?.text, item.resolved != .null, !raw.isEmpty else {
                error(item.location, itemPath, "an include path must be a string, not \(item.kindDescription)")
                continue
            }
            switch Self.repositoryPath(raw) {
            case .failure(let message):
                error(item.location, itemPath, "include path `\(raw)` \(message)")
            case .success(let path):
                if path.isRoot {
                    warning(
                        item.location, itemPath,
                        "include `\(raw)` is the whole repository: every push will rebuild this integration")
                }
                if paths.contains(path.value) {
                    warning(item.location, itemPath, "include path `\(raw)` is listed twice")
                } else {
                    paths.append(path.value)
                }
            }
        }
        return paths
    }

    /// A normalized path, or why there is none.
    enum PathCheck {
        case success(RepositoryPath)
        case failure(String)
    }

    /// A manifest's repository path as written (`./libs/common/`), normalized, or why it cannot be one:
    /// absolute, with backslashes, or leaving the repository.
    static func repositoryPath(_ raw: String) -> PathCheck {
        if raw.hasPrefix("/") {
            return .failure("is absolute; write it relative to the repository root, e.g. `libs/common`")
        }
        if raw.contains("\\") { return .failure("contains a backslash; separate folders with `/`") }
        let parts = raw.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        if parts.contains("..") { return .failure("uses `..`; paths must stay inside the repository") }
        do {
            return .success(try RepositoryPath(parts.joined(separator: "/")))
        } catch {
            return .failure("is not usable: \(error.message)")
        }
    }

    func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    func list(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
    }
}
