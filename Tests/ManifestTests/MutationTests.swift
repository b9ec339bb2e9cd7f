import Core
import Foundation
import Manifest
import Testing

/// Ten thousand mutated variants of the valid fixtures (fixed seed): none may crash, hang,
/// take a second, or produce a diagnostic without a real line and column.
@Suite struct MutationTests {
    static let variants = 10_000

    @Test func mutatedManifestsAlwaysGetWellPlacedDiagnostics() throws {
        let validator = try Checkout.validator()
        let originals = try FixtureTests.valid.map { Array(try Checkout.read(fixture: $0).bytes) }
        var random = SplitMix64(seed: 0x5EED_2026)
        let clock = ContinuousClock()
        var slowest = Duration.zero
        var invalidVariants = 0
        var problems: [String] = []
        for variant in 0..<Self.variants {
            var bytes = originals[Int(random.next() % UInt64(originals.count))]
            for _ in 0..<(1 + Int(random.next() % 3)) { Mutation.apply(to: &bytes, using: &random) }
            let source = SourceText(bytes)
            var report: ManifestReport?
            let elapsed = clock.measure { report = validator.validate(source) }
            slowest = max(slowest, elapsed)
            guard let report else { continue }
            if !report.isValid { invalidVariants += 1 }
            if (report.manifest == nil) != report.diagnostics.hasErrors {
                problems.append("variant \(variant): manifest presence disagrees with the errors")
            }
            for diagnostic in report.diagnostics {
                if let problem = Self.misplaced(diagnostic, in: source) {
                    problems.append("variant \(variant): \(problem): \(diagnostic.message)")
                }
            }
            if problems.count > 20 { break }
        }
        #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
        #expect(slowest < .seconds(1), "slowest variant took \(slowest)")
        // The mutations must really break files, or the test proves little.
        #expect(invalidVariants > Self.variants / 4)
    }

    /// Why a diagnostic's position is not a real place in the file, or nil when it is.
    static func misplaced(_ diagnostic: Diagnostic, in source: SourceText) -> String? {
        let location = diagnostic.location
        guard location.line >= 1, location.line <= source.lineCount else {
            return "line \(location.line) outside 1...\(source.lineCount)"
        }
        guard let line = source.line(location.line) else { return "line \(location.line) has no text" }
        guard location.column >= 1, location.column <= line.utf8.count + 1 else {
            return "column \(location.column) outside line \(location.line) of \(line.utf8.count) bytes"
        }
        guard source.excerpt(at: location) != nil else { return "no excerpt" }
        return nil
    }
}

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The edits applied to manifests: byte noise, YAML tokens, line surgery, truncation.
enum Mutation {
    static let tokens = [
        ":", ": ", "- ", "\t", "\"", "'", "[", "]", "{", "}", ",", "&a ", "*a", "<<: *a\n", "!!str ", "? ", "|\n",
        ">-\n", "#", "%YAML 1.1\n", "---\n", "...\n", "~", "\n", "  ", "\u{FEFF}", "é", "\r\n", "\r", "null",
        "1.0", "true", "yes", "$ref: '#/definitions/x'\n", "type: bogus\n", "scope: '#/properties/nope'\n",
        "version: 1.0\n", "@", "`", "\\", "\u{2028}", "\u{85}",
    ].map { Array($0.utf8) }

    static func apply(to bytes: inout [UInt8], using random: inout SplitMix64) {
        let position = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count + 1))
        switch random.next() % 9 {
        case 0:
            let length = min(bytes.count - position, 1 + Int(random.next() % 5))
            if length > 0 { bytes.removeSubrange(position..<(position + length)) }
        case 1:
            bytes.insert(contentsOf: tokens[Int(random.next() % UInt64(tokens.count))], at: position)
        case 2:
            bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
        case 3:
            bytes = Array(bytes.prefix(position))
        default:
            var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
            guard lines.count > 1 else { return }
            let a = Int(random.next() % UInt64(lines.count))
            let b = Int(random.next() % UInt64(lines.count))
            switch random.next() % 5 {
            case 0: lines.insert(lines[a], at: b)
            case 1: lines.remove(at: a)
            case 2: lines.swapAt(a, b)
            case 3:
                lines[a].insert(
                    contentsOf: Array(repeating: UInt8(ascii: " "), count: 1 + Int(random.next() % 4)), at: 0)
            default: lines[a] = Array(lines[a].drop { $0 == UInt8(ascii: " ") })
            }
            bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
        }
    }
}
