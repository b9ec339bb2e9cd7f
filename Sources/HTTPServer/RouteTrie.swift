/// The router's tree: one node per path segment, literal children by value and at most one parameter child.
///
/// A lookup tries the literal child before the parameter child at every level and backtracks, so
/// `/releases/default` beats `/releases/{release_id}`, yet `/a/default/y` still reaches `/a/{id}/y` when
/// `/a/default/...` has no `y`.
struct RouteTrie: Sendable {
    /// What one (method, pattern) registration holds.
    struct Endpoint: Sendable {
        let route: Router.Route
        /// (segment index, parameter name) for each `{name}` of the pattern.
        let parameters: [(index: Int, name: String)]
        let handler: HTTPHandler
    }

    private struct Node: Sendable {
        var literals: [String: Node] = [:]
        /// Zero or one element: a struct cannot hold an optional of itself, an array gives the indirection.
        var parameter: [Node] = []
        var endpoints: [HTTPMethod: Endpoint] = [:]
    }

    private var root = Node()

    /// Adds `endpoint` for `method` under `pattern`; false when that pair is already taken.
    mutating func insert(_ pattern: RoutePattern, _ method: HTTPMethod, _ endpoint: Endpoint) -> Bool {
        Self.insert(into: &root, pattern.segments[...], method, endpoint)
    }

    private static func insert(
        into node: inout Node, _ segments: ArraySlice<RoutePattern.Segment>, _ method: HTTPMethod,
        _ endpoint: Endpoint
    ) -> Bool {
        guard let first = segments.first else {
            guard node.endpoints[method] == nil else { return false }
            node.endpoints[method] = endpoint
            return true
        }
        switch first {
        case .literal(let text):
            return insert(into: &node.literals[text, default: Node()], segments.dropFirst(), method, endpoint)
        case .parameter:
            if node.parameter.isEmpty { node.parameter.append(Node()) }
            return insert(into: &node.parameter[0], segments.dropFirst(), method, endpoint)
        }
    }

    /// The endpoints of every pattern matching `segments`, most specific first (literals before parameters,
    /// leftmost segment deciding first).
    func matches(_ segments: [String]) -> [[HTTPMethod: Endpoint]] {
        var found: [[HTTPMethod: Endpoint]] = []
        Self.collect(root, segments[...], into: &found)
        return found
    }

    private static func collect(
        _ node: Node, _ segments: ArraySlice<String>, into found: inout [[HTTPMethod: Endpoint]]
    ) {
        guard let first = segments.first else {
            if !node.endpoints.isEmpty { found.append(node.endpoints) }
            return
        }
        if let literal = node.literals[first] { collect(literal, segments.dropFirst(), into: &found) }
        if let parameter = node.parameter.first { collect(parameter, segments.dropFirst(), into: &found) }
    }
}
