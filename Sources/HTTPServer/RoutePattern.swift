import Foundation

/// A route's path pattern, `/v2/integrations/{id}/releases/{release_id}`, split into segments.
///
/// Each segment is a literal or a `{name}` parameter (letters, digits and `_`); a parameter matches exactly one
/// non-empty segment. A malformed pattern is a programming error and stops the process at registration.
struct RoutePattern: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    let segments: [Segment]

    init(_ text: String) {
        precondition(text.hasPrefix("/"), "route pattern `\(text)` must start with `/`")
        var segments: [Segment] = []
        var names: Set<String> = []
        for part in text.split(separator: "/", omittingEmptySubsequences: true) {
            if part.hasPrefix("{") || part.hasSuffix("}") {
                let name = String(part.dropFirst().dropLast())
                precondition(
                    part.hasPrefix("{") && part.hasSuffix("}") && !name.isEmpty
                        && name.unicodeScalars.allSatisfy {
                            $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0)
                        },
                    "route pattern `\(text)`: `\(part)` must be a literal or `{name}` with letters, digits and `_`")
                precondition(names.insert(name).inserted, "route pattern `\(text)` names `{\(name)}` twice")
                segments.append(.parameter(name))
            } else {
                segments.append(.literal(String(part)))
            }
        }
        self.segments = segments
    }
}

/// Splits a percent-encoded path into decoded segments, dropping empty ones (so `/a//b/` is `a`, `b`).
///
/// Splitting happens before decoding, so `%2F` stays inside its segment.
func pathSegments(_ rawPath: String) -> [String] {
    rawPath.split(separator: "/", omittingEmptySubsequences: true).map { segment in
        segment.contains("%") ? (segment.removingPercentEncoding ?? String(segment)) : String(segment)
    }
}
