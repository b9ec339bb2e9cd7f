import Core
import Foundation
import Manifest
import Testing

@Suite struct YAMLReaderTests {
    private func read(_ text: String) throws -> YAMLDocument {
        try YAMLReader.read(SourceText(text))
    }

    private func readError(_ bytes: [UInt8], limits: YAMLLimits = .standard) -> YAMLError? {
        do {
            _ = try YAMLReader.read(SourceText(bytes), limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test func nodesKeepLineAndColumn() throws {
        let document = try read("version: 1.0\nconfigs:\n  schema:\n    type: object\n")
        let root = try #require(document.root)
        #expect(root.entry("configs")?.keyLocation == SourceLocation(line: 2, column: 1))
        #expect(root["configs"]?["schema"]?["type"]?.location == SourceLocation(line: 4, column: 11))
        #expect(root["version"]?.scalar?.text == "1.0")
        #expect(document.diagnostics.isEmpty)
    }

    @Test func versionWrittenAsAFloatKeepsItsText() throws {
        let root = try #require(try read("version: 1.0\nother: 1.50\n").root)
        #expect(root["version"]?.scalar?.text == "1.0")
        #expect(root["version"]?.resolved == .double(1.0))
        #expect(root["other"]?.scalar?.text == "1.50")
    }

    @Test(arguments: [
        ("true", ResolvedScalar.bool(true)), ("False", .bool(false)), ("~", .null), ("", .null), ("null", .null),
        ("12", .int(12)), ("-3", .int(-3)), ("0x1F", .int(31)), ("0o17", .int(15)), ("1.5", .double(1.5)),
        ("1e3", .double(1000)), (".5", .double(0.5)), ("yes", .string("yes")), ("on", .string("on")),
        ("1.0.0", .string("1.0.0")), ("2024-01-31", .string("2024-01-31")), ("'12'", .string("12")),
        ("!!str 12", .string("12")), ("!!int 7", .int(7)), ("\"true\"", .string("true")), ("- 1", .string("- 1")),
    ])
    func scalarsResolveByTheCoreSchema(written: String, expected: ResolvedScalar) throws {
        let text = written == "- 1" ? "key: '- 1'" : "key: \(written)"
        let root = try #require(try read(text).root)
        #expect(root["key"]?.resolved == expected)
    }

    @Test func byteOrderMarkIsSkippedAndColumnsStayRight() throws {
        let document = try YAMLReader.read(SourceText([0xEF, 0xBB, 0xBF] + Array("base: node\nrun: x\n".utf8)))
        let root = try #require(document.root)
        #expect(root["base"]?.location == SourceLocation(line: 1, column: 7))
        #expect(document.source.line(1) == "base: node")
    }

    @Test func crlfLinesCountLikeLF() throws {
        let document = try read("a: 1\r\nb:\r\n  c: 2\r\n")
        #expect(document.root?["b"]?["c"]?.location == SourceLocation(line: 3, column: 6))
        #expect(document.source.line(3) == "  c: 2")
    }

    @Test func tabIndentationPointsAtTheTab() {
        let error = readError(Array("configs:\n\tschema: {}\n".utf8))
        #expect(error?.code == .syntax)
        #expect(error?.location == SourceLocation(line: 2, column: 1))
        #expect(error?.message.contains("tab character") == true)
    }

    @Test func duplicateKeysAreFoundAtAnyDepth() throws {
        let document = try read("a:\n  b:\n    c: 1\n    c: 2\nd: 1\nd: 2\n")
        #expect(
            document.diagnostics.map(\.location) == [
                SourceLocation(line: 4, column: 5), SourceLocation(line: 6, column: 1),
            ])
        #expect(document.diagnostics.map(\.path) == ["a.b.c", "d"])
        #expect(document.diagnostics[0].message.hasPrefix("duplicate key 'c' (first set at line 3, column 5)"))
        #expect(document.root?["a"]?["b"]?["c"]?.resolved == .int(1))
    }

    @Test func duplicateKeysInsideListsNameTheIndex() throws {
        let document = try read("items:\n  - x: 1\n  - y: 1\n    y: 2\n")
        #expect(document.diagnostics.map(\.path) == ["items[1].y"])
    }

    @Test func anchorsAndAliasesShareTheNode() throws {
        let document = try read("defaults: &d\n  type: string\n  default: x\na: *d\nb:\n  <<: *d\n  default: y\n")
        let root = try #require(document.root)
        #expect(root["a"]?["type"]?.scalar?.text == "string")
        #expect(root["a"]?["type"]?.location == SourceLocation(line: 2, column: 9))
        #expect(root["b"]?["default"]?.scalar?.text == "y")
        #expect(root["b"]?["type"]?.scalar?.text == "string")
        #expect(document.diagnostics.isEmpty)
    }

    @Test func anUndefinedAliasIsAnError() throws {
        let document = try read("a: *nowhere\n")
        #expect(document.diagnostics.map(\.location) == [SourceLocation(line: 1, column: 4)])
        #expect(document.diagnostics.first?.message.contains("refers to no anchor") == true)
    }

    @Test func billionLaughsIsRefusedQuickly() {
        var text = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let aliases = Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ")
            text += "l\(level): &l\(level) [\(aliases)]\n"
        }
        let clock = ContinuousClock()
        var error: YAMLError?
        let elapsed = clock.measure { error = readError(Array(text.utf8)) }
        #expect(error?.code == .limit)
        #expect(error?.message.contains("billion laughs") == true)
        #expect(elapsed < .seconds(1))
    }

    @Test func aSecondDocumentIsAnErrorButTheFirstIsKept() throws {
        let document = try read("version: 1.0\n---\nversion: 0.4\n")
        #expect(document.root?["version"]?.scalar?.text == "1.0")
        #expect(document.diagnostics.map(\.location) == [SourceLocation(line: 2, column: 1)])
    }

    @Test func flowStyleReadsLikeBlockStyle() throws {
        let root = try #require(
            try read("{version: '1.0', connectors: [a, b], configs: {schema: {type: object}}}").root)
        #expect(root["connectors"]?.items?.count == 2)
        #expect(root["configs"]?["schema"]?["type"]?.scalar?.text == "object")
        #expect(root["connectors"]?.items?[1].location == SourceLocation(line: 1, column: 34))
    }

    @Test func invalidUTF8IsNotText() {
        let error = readError(Array("base: node\nrun: \"a".utf8) + [0xFF, 0xFE] + Array("\"\n".utf8))
        #expect(error?.code == .notText)
        #expect(error?.location == SourceLocation(line: 2, column: 8))
    }

    @Test func controlCharactersAreNotText() {
        #expect(readError(Array("a: b\u{0}c\n".utf8))?.code == .notText)
    }

    @Test func aTenMegabyteFileIsRefusedBeforeParsing() {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 10 << 20)
        let clock = ContinuousClock()
        var error: YAMLError?
        let elapsed = clock.measure { error = readError(bytes) }
        #expect(error?.code == .limit)
        #expect(error?.message.contains("over the limit") == true)
        #expect(elapsed < .seconds(1))
    }

    @Test(arguments: ["block", "flow"])
    func tenThousandLevelsOfNestingAreRefused(style: String) {
        let text: String
        if style == "flow" {
            text = "a: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        } else {
            // Compact block sequences: "- - - … 1" nests one level per "- ".
            text = "a:\n" + String(repeating: "- ", count: 10_000) + "1\n"
        }
        let clock = ContinuousClock()
        var error: YAMLError?
        let elapsed = clock.measure { error = readError(Array(text.utf8)) }
        #expect(error?.code == .limit)
        #expect(error?.message.contains("deeper than 128 levels") == true)
        #expect(elapsed < .seconds(1))
    }

    @Test func emptyAndCommentOnlyDocumentsHaveNoRoot() throws {
        #expect(try read("").root == nil)
        #expect(try read("# nothing here\n\n   # still nothing\n").root == nil)
    }

    @Test func complexKeysAreReported() throws {
        let document = try read("? [a, b]\n: value\nok: 1\n")
        #expect(document.diagnostics.first?.message.contains("a key must be plain text") == true)
        #expect(document.root?["ok"]?.resolved == .int(1))
    }

    @Test func sourceExcerptsPutTheCaretUnderTheColumn() {
        let source = SourceText("a: 1\n\tb: [x, \"é\", y]\n")
        #expect(source.excerpt(at: SourceLocation(line: 2, column: 12)) == "\tb: [x, \"é\", y]\n\t          ^")
        #expect(source.lineCount == 3)
        #expect(source.location(ofByte: 9) == SourceLocation(line: 2, column: 5))
    }

    @Test func longLinesAreCutAroundTheCaret() throws {
        let source = SourceText(String(repeating: "x", count: 5_000) + "!")
        let excerpt = try #require(source.excerpt(at: SourceLocation(line: 1, column: 5_001)))
        let lines = excerpt.split(separator: "\n")
        #expect(lines[0].count < 120)
        #expect(lines[0].hasSuffix("x!"))
        #expect(lines[1].count == lines[0].count)
    }
}
