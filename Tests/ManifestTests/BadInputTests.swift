import Core
import Foundation
import Manifest
import Testing

/// The hostile and broken inputs of the foundation issue, each answered with a clear
/// diagnostic within a second.
@Suite struct BadInputTests {
    static let cases: [(name: String, bytes: [UInt8], location: String, message: String)] = [
        ("empty file", [], "1:1", "the manifest is empty"),
        ("only comments", Array("# one\n# two\n".utf8), "1:1", "the manifest is empty"),
        ("a list at top level", Array("- a\n- b\n".utf8), "1:1", "must be a mapping of keys"),
        ("a scalar at top level", Array("42\n".utf8), "1:1", "not the number 42"),
        ("tabs in indentation", Array("version: 1.0\nconfigs:\n\tschema: {}\n".utf8), "3:1", "tab character"),
        (
            "invalid UTF-8", Array("version: 1.0\nbase: \"".utf8) + [0xC3, 0x28] + Array("\"\n".utf8), "2:9",
            "not valid UTF-8"
        ),
        ("ten megabytes", Array(repeating: UInt8(ascii: "#"), count: 10 << 20), "1:1", "over the limit"),
        ("an alias bomb", Array(bomb.utf8), "10:45", "billion laughs"),
        (
            "ten thousand levels", Array(("a: " + String(repeating: "{b: ", count: 10_000)).utf8), "1:512",
            "deeper than 128"
        ),
        ("two documents", Array("version: 1.0\n---\nbase: x\n".utf8), "2:1", "a second YAML document"),
        (
            "duplicate keys deep down", Array("configs:\n  schema:\n    name: a\n    name: b\n".utf8), "4:5",
            "duplicate key 'name'"
        ),
        ("an unclosed flow list", Array("connectors: [a, b\n".utf8), "2:1", "close the open"),
    ]

    static let bomb: String = {
        var text =
            "version: 1.0\nbase: node\nbuild: x\nrun: y\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            text +=
                "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        return text
    }()

    @Test(arguments: cases.indices)
    func badInputGetsAClearErrorWithinASecond(index: Int) throws {
        let (name, bytes, location, message) = Self.cases[index]
        let validator = try Checkout.validator()
        let clock = ContinuousClock()
        var report: ManifestReport?
        let elapsed = clock.measure { report = validator.validate(SourceText(bytes)) }
        let errors = try #require(report?.errors, "\(name)")
        #expect(elapsed < .seconds(1), "\(name) took \(elapsed)")
        #expect(report?.manifest == nil, "\(name)")
        #expect(
            errors.contains { "\($0.location)" == location && $0.message.contains(message) },
            "\(name): \(errors.map { "\($0.location) \($0.message)" })")
    }

    @Test(arguments: ["1.0", "\"1.0\"", "'1.0'", "!!str 1.0"])
    func versionOneStaysOnePointZero(written: String) throws {
        let report = try Checkout.validator().validate(
            "version: \(written)\nbase: shell\nbuild: \"true\"\nrun: ./a.sh\nconfigs: {}\n")
        #expect(report.manifest?.version == .version1dot0)
        #expect(report.manifest?.json["version"] == .string("1.0"))
    }

    @Test(arguments: ["node:20", "'node:20'", "\"Node:20\"", "NODE", "nodejs:20.1"])
    func baseIsAcceptedQuotedOrNotInAnyCase(written: String) throws {
        let report = try Checkout.validator().validate(
            "version: 1.0\nbase: \(written)\nbuild: npm ci\nrun: node .\nconfigs: {}\n")
        #expect(report.manifest?.base.template == "node", "\(report.lines)")
    }
}
