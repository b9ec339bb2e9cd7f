import Core
import Foundation
import Manifest

/// Paths of the checkout, found from this file, so tests read the real build templates and fixtures.
enum Checkout {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let templatesFolder = root + "/build-templates"
    static let fixturesFolder = root + "/Tests/ManifestTests/Fixtures"

    static func templates() throws -> TemplateCatalog {
        try TemplateCatalog.load(directory: templatesFolder)
    }

    /// A validator on the real templates, without host toolchain checks (they depend on the machine).
    static func validator(toolchains: (any ToolchainProbing)? = nil) throws -> ManifestValidator {
        ManifestValidator(templates: try templates(), toolchains: toolchains)
    }

    static func fixtures(_ folder: String) -> [String] {
        let path = fixturesFolder + "/" + folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder + "/" + $0 }
    }

    static func read(fixture: String) throws -> SourceText {
        SourceText(Array(try Data(contentsOf: URL(fileURLWithPath: fixturesFolder + "/" + fixture))))
    }
}

/// Toolchain answers fixed by the test, keyed by the check's program name.
struct FixedToolchains: ToolchainProbing {
    var answers: [String: ToolchainStatus]

    func status(of check: ToolchainCheck) -> ToolchainStatus {
        answers[check.command.first ?? ""] ?? .missing(reason: "not installed in this test")
    }
}

extension ManifestValidator {
    /// Validates a string.
    func validate(_ text: String) -> ManifestReport {
        validate(SourceText(text))
    }
}

extension ManifestReport {
    /// `line:column severity: message` for each diagnostic, for compact expectations.
    var lines: [String] {
        diagnostics.map { "\($0.location) \($0.severity): \($0.message)" }
    }

    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}
