import Core
import Foundation
import Manifest
import Testing

/// The fixture corpus: every `*.yaml` under Fixtures/valid and Fixtures/invalid, each with the
/// exact diagnostics it must produce in the `.expect` file beside it (one per line:
/// `<severity> <line>:<column> [<path>] <message>`; no file means no diagnostics).
@Suite struct FixtureTests {
    static let valid = Checkout.fixtures("valid")
    static let invalid = Checkout.fixtures("invalid")

    @Test func theCorpusIsLargeEnough() {
        #expect(Self.valid.count >= 20)
        #expect(Self.invalid.count >= 20)
        #expect(Self.valid.count + Self.invalid.count >= 40)
    }

    private func expectations(for fixture: String) throws -> [String] {
        let path = Checkout.fixturesFolder + "/" + fixture.dropLast(".yaml".count) + ".expect"
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    private func rendered(_ report: ManifestReport) -> [String] {
        report.diagnostics.map { "\($0.severity) \($0.location) [\($0.path)] \($0.message)" }
    }

    @Test(arguments: valid)
    func validFixtureHasExactlyItsExpectedWarnings(fixture: String) throws {
        let report = try Checkout.validator().validate(try Checkout.read(fixture: fixture))
        #expect(report.isValid, "\(fixture): \(report.lines)")
        #expect(rendered(report) == (try expectations(for: fixture)))
        let manifest = try #require(report.manifest)
        #expect(ManifestVersion.allCases.contains(manifest.version))
        #expect(!manifest.build.isEmpty && !manifest.run.isEmpty)
    }

    @Test(arguments: invalid)
    func invalidFixtureHasExactlyItsExpectedDiagnostics(fixture: String) throws {
        let expected = try expectations(for: fixture)
        #expect(expected.contains { $0.hasPrefix("error ") }, "an invalid fixture must expect an error")
        let report = try Checkout.validator().validate(try Checkout.read(fixture: fixture))
        #expect(!report.isValid)
        #expect(report.manifest == nil)
        #expect(rendered(report) == expected)
    }

    @Test func everyRuntimeFamilyHasAValidFixture() throws {
        let validator = try Checkout.validator()
        var families: Set<String> = []
        for fixture in Self.valid {
            if let manifest = validator.validate(try Checkout.read(fixture: fixture)).manifest {
                families.insert(manifest.base.template)
            }
        }
        #expect(families == Set(try Checkout.templates().templates.map(\.name)))
    }

    @Test func everyVersionHasAValidFixture() throws {
        let validator = try Checkout.validator()
        let versions = try Self.valid.compactMap {
            validator.validate(try Checkout.read(fixture: $0)).manifest?.version
        }
        #expect(Set(versions) == Set(ManifestVersion.allCases))
    }

    @Test func theNormalizedManifestKeepsWhatWasWritten() throws {
        let report = try Checkout.validator().validate(try Checkout.read(fixture: "valid/dotnet-quoted.yaml"))
        let json = try #require(report.manifest?.json)
        #expect(json["version"] == .string("1.0"))
        #expect(json["base"]?["raw"] == .string(".NET:8.0"))
        #expect(json["base"]?["runtime"] == .string(".net"))
        #expect(json["base"]?["version"] == .string("8.0"))
        #expect(json["base"]?["template"] == .string("dotnet"))
        #expect(json["configs"]?["env"]?["region"] == .string("PAN_CFG_REGION"))
        #expect(json["configs"]?["schema"]?["properties"]?["region"]?["default"] == .string("eu"))
    }

    @Test func aliasesAndMergeKeysResolveInTheManifest() throws {
        let report = try Checkout.validator().validate(try Checkout.read(fixture: "valid/anchors-aliases.yaml"))
        let properties = try #require(report.manifest?.configs?.schema?.properties)
        #expect(properties.map(\.name) == ["primary_list", "secondary_list", "tertiary_list"])
        #expect(properties.map(\.defaultValue) == [.string("leads"), .string("leads"), .string("partners")])
    }

    @Test func includePathsAreNormalized() throws {
        let report = try Checkout.validator().validate(try Checkout.read(fixture: "valid/monorepo-include.yaml"))
        #expect(report.manifest?.include == ["libs/common", "libs/schemas"])
    }
}
