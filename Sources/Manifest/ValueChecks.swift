import Core

extension ValidationRun {
    /// "a boolean", "an integer", …
    func article(_ type: ConfigType) -> String {
        switch type {
        case .boolean: "a boolean"
        case .integer: "an integer"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Whether a YAML value has a config type: integral numbers count as integers, integers as numbers.
    func value(_ node: YAMLNode, hasType type: ConfigType) -> Bool {
        switch (type, node.content) {
        case (.array, .sequence), (.object, .mapping): return true
        case (_, .sequence), (_, .mapping): return false
        case (_, .scalar): break
        }
        switch (type, node.resolved) {
        case (.boolean, .bool?), (.string, .string?), (.integer, .int?), (.number, .int?), (.number, .double?):
            return true
        case (.integer, .double(let value)?):
            return value.rounded() == value && value.isFinite
        default:
            return false
        }
    }

    /// Checks an `enum` value or a `const` against the property's type.
    mutating func checkValue(_ node: YAMLNode, path: String, role: String, what: String, type: ConfigType?) {
        guard let type, !value(node, hasType: type) else { return }
        error(
            node.location, path,
            "\(role) \(describe(node)) is \(kind(of: node)), but \(what) is \(article(type))\(fix(node, type))")
    }

    /// `default` must have the property's type and be one of its `enum`/`oneOf` values.
    mutating func checkDefault(_ node: YAMLNode, path: String, what: String, type: ConfigType?, choices: [JSONValue]?) {
        if let type, !value(node, hasType: type) {
            error(
                node.location, path,
                "default \(describe(node)) is \(kind(of: node)), but \(what) is \(article(type))\(fix(node, type))")
            return
        }
        if let choices, !choices.contains(where: { same($0, node.json) }) {
            let allowed = choices.prefix(10).map(render).joined(separator: ", ")
            error(
                node.location, path,
                "default \(describe(node)) is not one of the allowed values (\(allowed)) of \(what)")
        }
    }

    /// `min`/`max`: numbers, `min ≤ max`, and the default between them.
    mutating func checkBounds(_ node: YAMLNode, path: String, what: String, type: ConfigType?) {
        var bounds: [String: (value: Double, node: YAMLNode)] = [:]
        for key in ["min", "max"] {
            guard let bound = node[key] else { continue }
            guard let number = bound.json.numberValue else {
                error(bound.location, "\(path).\(key)", "`\(key)` must be a number, not \(describe(bound))")
                continue
            }
            if let type, type != .integer, type != .number {
                warning(
                    bound.location, "\(path).\(key)",
                    "`\(key)` applies to integer and number configs; \(what) is \(article(type))")
            }
            bounds[key] = (number, bound)
        }
        if let low = bounds["min"], let high = bounds["max"], low.value > high.value {
            error(
                high.node.location, path + ".max",
                "max (\(render(high.node.json))) is less than min (\(render(low.node.json))) for \(what); swap them")
        }
        guard let defaultNode = node["default"], let value = defaultNode.json.numberValue else { return }
        if let low = bounds["min"], value < low.value {
            error(
                defaultNode.location, path + ".default",
                "default \(render(defaultNode.json)) is below min \(render(low.node.json))")
        }
        if let high = bounds["max"], value > high.value {
            error(
                defaultNode.location, path + ".default",
                "default \(render(defaultNode.json)) is above max \(render(high.node.json))")
        }
    }

    private func kind(of node: YAMLNode) -> String {
        switch node.resolved {
        case .bool?: "a boolean"
        case .int?: "an integer"
        case .double?: "a number"
        case .string?: "a string"
        case .null?: "empty"
        case nil: node.items != nil ? "a list" : "a mapping"
        }
    }

    /// How to write the value with the right type, for the common mistakes.
    private func fix(_ node: YAMLNode, _ type: ConfigType) -> String {
        guard case .string(let text)? = node.resolved else {
            if type == .string, let scalar = node.scalar { return "; quote it: `\"\(scalar.text)\"`" }
            return ""
        }
        switch type {
        case .boolean:
            if ["yes", "no", "on", "off", "y", "n"].contains(text.lowercased()) {
                return "; `\(text)` is a string in YAML 1.2 (as in JSON) — write true or false"
            }
            if ["true", "false"].contains(text.lowercased()) { return "; remove the quotes: `\(text.lowercased())`" }
            return "; write true or false"
        case .integer, .number:
            if text.isEmpty == false, text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) {
                return "; remove the quotes: `\(text)`"
            }
            return ""
        default:
            return ""
        }
    }

    private func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = a.numberValue, let y = b.numberValue { return x == y }
        return a == b
    }

    /// A short rendering of a JSON value for messages.
    func render(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): String(flag)
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .string(let text): "\"\(text)\""
        case .array: "[…]"
        case .object: "{…}"
        }
    }
}
