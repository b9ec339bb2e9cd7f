import Core
import Foundation
import Manifest
import Testing

@Suite struct TemplateTests {
    @Test func everyRequiredFamilyHasATemplate() throws {
        let names = Set(try Checkout.templates().templates.map(\.name))
        let required: Set = ["node", "python", "ruby", "java", "php", "dotnet", "go", "rust", "kotlin", "shell"]
        #expect(required.isSubset(of: names))
    }

    @Test(arguments: [
        ("node", "node"), ("Node", "node"), ("NODEJS", "node"), (".NET", "dotnet"), ("golang", "go"), ("Java", "java"),
        ("python3", "python"), ("c#", "dotnet"), ("sh", "shell"),
    ])
    func runtimesMatchCaseInsensitively(runtime: String, template: String) throws {
        #expect(try Checkout.templates().template(forRuntime: runtime)?.name == template)
    }

    @Test func templatesCarryWhatBuildsNeed() throws {
        let catalog = try Checkout.templates()
        for template in catalog.templates {
            #expect(template.templateVersion >= 1, "\(template.name)")
            #expect(template.exclude.contains(".git"), "\(template.name) must exclude .git from artifacts")
            if let check = template.toolchain {
                #expect(!check.command.isEmpty)
                #expect((try? Regex(check.versionPattern)) != nil)
            }
        }
        #expect(catalog.template(forRuntime: "python")?.buildEnvironment["PIP_NO_INPUT"] == "1")
        #expect(catalog.template(forRuntime: "shell")?.toolchain == nil)
    }

    @Test(arguments: [
        ("node", "v20.11.1\n", "20.11.1"), ("python", "Python 3.11.7\n", "3.11.7"),
        ("java", "openjdk version \"17.0.15\" 2025-04-15\n", "17.0.15"), ("java", "java version \"1.8.0_292\"", "8.0"),
        ("go", "go version go1.22.3 linux/amd64", "1.22.3"), ("rust", "rustc 1.95.0 (f2d3ce0bd 2026-03-21)", "1.95.0"),
        ("ruby", "ruby 3.1.2p20 (2022-04-12 revision 4491bb740a)", "3.1.2"), ("php", "PHP 8.2.7 (cli)", "8.2.7"),
        ("dotnet", "8.0.100\n", "8.0.100"), ("kotlin", "info: kotlinc-jvm 2.0.21 (JRE 17)", "2.0.21"),
    ])
    func versionPatternsReadRealToolchainOutput(runtime: String, output: String, version: String) throws {
        let check = try #require(try Checkout.templates().template(forRuntime: runtime)?.toolchain)
        let match = try #require(try Regex(check.versionPattern).firstMatch(in: output))
        #expect(match.output[1].substring.map(String.init) == version)
    }

    @Test func aBrokenTemplateNamesItsFileLineAndColumn() {
        let source = SourceText("name: node\ntemplate_version: one\nsummary: x\nmatches: [node]\n")
        #expect {
            _ = try TemplateCatalog.parse(source, file: "build-templates/node.yaml")
        } throws: { error in
            "\(error)" == "build-templates/node.yaml:2:19: error: `template_version` must be a whole number"
        }
    }

    @Test func aTemplateNamedUnlikeItsFileIsRefused() {
        let source = SourceText("name: nodejs\ntemplate_version: 1\nsummary: x\nmatches: [node]\n")
        #expect(throws: TemplateError.self) { _ = try TemplateCatalog.parse(source, file: "dir/node.yaml") }
    }

    @Test func twoTemplatesClaimingOneRuntimeAreRefused() throws {
        let a = try TemplateCatalog.parse(
            SourceText("name: a\ntemplate_version: 1\nsummary: x\nmatches: [js]\n"), file: "a.yaml")
        let b = try TemplateCatalog.parse(
            SourceText("name: b\ntemplate_version: 1\nsummary: x\nmatches: [JS]\n"), file: "b.yaml")
        #expect(throws: TemplateError.self) { _ = try TemplateCatalog([a, b]) }
    }
}

@Suite struct ToolchainWarningTests {
    private let manifest = "version: 1.0\nbase: node:20.9.0\nbuild: npm ci\nrun: node .\nconfigs: {}\n"

    @Test func aMissingToolchainIsAWarningNotAnError() throws {
        let validator = try Checkout.validator(toolchains: FixedToolchains(answers: [:]))
        let report = validator.validate(manifest)
        #expect(report.isValid)
        #expect(
            report.lines == [
                "2:7 warning: the node toolchain for node 20.9.0 is not available on this host (not installed in this "
                    + "test); builds here will fail until `node --version` works"
            ])
    }

    @Test func anotherMajorVersionIsAWarning() throws {
        let validator = try Checkout.validator(
            toolchains: FixedToolchains(answers: ["node": .found(version: "18.19.0")]))
        #expect(
            validator.validate(manifest).lines == [
                "2:7 warning: this host has node 18.19.0, not 20.x as `base` asks; builds here use 18.19.0 — install 20 "
                    + "or change `base`"
            ])
    }

    @Test(arguments: ["20.20.2", "20.0.0"])
    func theSameMajorVersionIsQuiet(host: String) throws {
        let validator = try Checkout.validator(toolchains: FixedToolchains(answers: ["node": .found(version: host)]))
        #expect(validator.validate(manifest).diagnostics.isEmpty)
    }

    @Test func pythonComparesMajorAndMinor() throws {
        let validator = try Checkout.validator(
            toolchains: FixedToolchains(answers: ["python3": .found(version: "3.11.7")]))
        let old = validator.validate(
            "version: 1.0\nbase: python:3.7\nbuild: pip install .\nrun: python -m a\nconfigs: {}\n")
        #expect(old.lines.count == 1 && old.lines[0].contains("not 3.7.x"))
        let same = validator.validate(
            "version: 1.0\nbase: python:3.11\nbuild: pip install .\nrun: python -m a\nconfigs: {}\n")
        #expect(same.diagnostics.isEmpty)
    }

    @Test func aBaseWithoutVersionOnlyNeedsTheToolchain() throws {
        let validator = try Checkout.validator(
            toolchains: FixedToolchains(answers: ["node": .found(version: "22.1.0")]))
        #expect(
            validator.validate("version: 1.0\nbase: Node\nbuild: npm ci\nrun: node .\nconfigs: {}\n").diagnostics
                .isEmpty)
    }
}
