import Foundation
import HTTPServer
import TestSupport
import Testing

@Suite struct OpenAPITests {
    /// The document's `(METHOD, path)` pairs.
    static func documented(_ document: [String: Any]) -> Set<String> {
        var pairs: Set<String> = []
        for (path, item) in document["paths"] as? [String: Any] ?? [:] {
            for method in (item as? [String: Any] ?? [:]).keys {
                pairs.insert(method.uppercased() + " " + path)
            }
        }
        return pairs
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteIsServed() async throws {
        let world = try await ServerHarness()
        let response = try await world.call("GET", "/v2/openapi.json", as: nil)
        let document = try #require(response.json as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let served = Set(world.routes.map { "\($0.method.rawValue) \($0.pattern)" })
        let documented = Self.documented(document)
        #expect(
            served.subtracting(documented).isEmpty, "served, not documented: \(served.subtracting(documented).sorted())"
        )
        #expect(
            documented.subtracting(served).isEmpty, "documented, not served: \(documented.subtracting(served).sorted())"
        )
        // Every operation says who may call it, and every $ref resolves.
        let text = response.text
        let schemas = Set(((document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]).keys)
        let responses = Set(((document["components"] as? [String: Any])?["responses"] as? [String: Any] ?? [:]).keys)
        let references = text.components(separatedBy: "\"$ref\": \"").dropFirst().compactMap {
            $0.split(separator: "\"").first
        }
        #expect(!references.isEmpty)
        for reference in references {
            let name = String(reference.split(separator: "/").last ?? "")
            #expect(
                reference.hasPrefix("#/components/schemas/") ? schemas.contains(name) : responses.contains(name),
                "unresolved \(reference)")
        }
    }
}
