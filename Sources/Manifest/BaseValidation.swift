import Core

extension ValidationRun {
    /// `base: <runtime>[:<version>]`: the runtime must name a build template; a toolchain that
    /// is missing on this host, or of another major version, is a warning.
    mutating func base(_ root: YAMLNode) -> BaseImage? {
        let known = validator.templates.knownRuntimes
        guard let node = required("base", in: root, "the runtime and version, e.g. `base: node:20`") else {
            return nil
        }
        guard let raw = node.scalar?.text, node.resolved != .null, !raw.isEmpty else {
            error(
                node.location, "base", "`base` must be `<runtime>` or `<runtime>:<version>`, e.g. `base: python:3.11`")
            return nil
        }
        let parts = raw.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let runtime = parts[0].trimmingWhitespace
        let version = parts.count > 1 ? parts[1].trimmingWhitespace : nil
        guard !runtime.isEmpty, version.map({ !$0.isEmpty && !$0.contains(":") }) ?? true else {
            error(node.location, "base", "`base: \(raw)` is not `<runtime>` or `<runtime>:<version>`, e.g. `node:20`")
            return nil
        }
        guard let template = validator.templates.template(forRuntime: runtime) else {
            let hint = Suggestions.closest(to: runtime, in: known).map { "did you mean `\($0)`? " } ?? ""
            error(
                node.location, "base",
                "unknown runtime `\(runtime)`; \(hint)known runtimes: "
                    + validator.templates.templates.map { $0.matches.joined(separator: "/") }.joined(separator: ", "))
            return nil
        }
        checkToolchain(template, runtime: runtime, version: version, at: node.location)
        return BaseImage(raw: raw, runtime: runtime.lowercased(), version: version, template: template.name)
    }

    private mutating func checkToolchain(
        _ template: BuildTemplate, runtime: String, version: String?, at location: SourceLocation
    ) {
        guard let probe = validator.toolchains, let check = template.toolchain else { return }
        let wanted = version.map { "\(runtime) \($0)" } ?? runtime
        switch probe.status(of: check) {
        case .notChecked:
            return
        case .missing(let reason):
            warning(
                location, "base",
                "the \(template.name) toolchain for \(wanted) is not available on this host (\(reason)); "
                    + "builds here will fail until `\(check.command.joined(separator: " "))` works")
        case .found(let hostVersion):
            guard let version, let wantedMajor = check.majorVersion(of: version),
                let hostMajor = check.majorVersion(of: hostVersion), wantedMajor != hostMajor
            else { return }
            warning(
                location, "base",
                "this host has \(template.name) \(hostVersion), not \(wantedMajor).x as `base` asks; "
                    + "builds here use \(hostVersion) — install \(wantedMajor) or change `base`")
        }
    }
}

extension Substring {
    fileprivate var trimmingWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
