import Core

extension ValidationRun {
    static let layoutTypes = ["VerticalLayout", "HorizontalLayout", "Group", "Section"]
    static let controlTypes = ["Control", "MultiSelectControl"]
    static let elementTypes = layoutTypes + controlTypes + ["Label", "Divider"]

    static func elementKeys(_ type: String) -> [String] {
        let common = ["type", "rule", "options"]
        switch type {
        case "Control", "MultiSelectControl": return common + ["scope", "label", "admin", "hintText", "description"]
        case "Label": return common + ["text", "label", "title"]
        case "Divider": return ["type"]
        default: return common + ["elements", "label", "hintText", "subtitle", "admin"]
        }
    }

    /// One element of `configs.uischema` and, for layouts, its children; records which
    /// properties a Control shows.
    mutating func uiElement(_ node: YAMLNode, path: String, schema: YAMLNode?, shown: inout [String: SourceLocation]) {
        guard node.entries != nil else {
            error(
                node.location, path, "a uischema element must be a mapping with a `type`, not \(node.kindDescription)")
            return
        }
        guard let typeNode = node["type"] else {
            error(
                node.location, path,
                "this uischema element has no `type`; use one of \(Self.elementTypes.joined(separator: ", "))")
            return
        }
        guard let type = typeNode.scalar?.text, Self.elementTypes.contains(type) else {
            let written = typeNode.scalar?.text ?? ""
            let hint = Suggestions.closest(to: written, in: Self.elementTypes).map { "did you mean `\($0)`? " } ?? ""
            error(
                typeNode.location, path + ".type",
                "unknown uischema element type \(describe(typeNode)); \(hint)use one of "
                    + Self.elementTypes.joined(separator: ", "))
            // Still check the children, so one typo does not hide the problems below it.
            for (index, item) in (node["elements"]?.items ?? []).enumerated() {
                uiElement(item, path: "\(path).elements[\(index)]", schema: schema, shown: &shown)
            }
            return
        }
        checkKeys(of: node, path: path, known: Self.elementKeys(type), what: "a \(type)")
        if let admin = node["admin"], !value(admin, hasType: .boolean) {
            error(admin.location, path + ".admin", "`admin` must be true or false, not \(describe(admin))")
        }
        if let options = node["options"], options.entries == nil, options.resolved != .null {
            error(options.location, path + ".options", "`options` must be a mapping, e.g. `options: {multi: true}`")
        }
        for key in ["label", "hintText", "subtitle", "text", "title"] {
            if let text = node[key], text.scalar == nil {
                error(text.location, "\(path).\(key)", "`\(key)` must be text, not \(text.kindDescription)")
            }
        }
        switch type {
        case "Control", "MultiSelectControl":
            control(node, type: type, path: path, schema: schema, shown: &shown)
        case "Label":
            if node["text"] == nil, node["label"] == nil, node["title"] == nil {
                warning(node.location, path, "this Label has no `text`, so it shows nothing")
            }
        case "Divider":
            break
        default:
            guard let elements = node["elements"] else {
                error(node.location, path, "a \(type) needs `elements`, the list of controls it lays out")
                return
            }
            guard let items = elements.items else {
                if elements.resolved != .null {
                    error(elements.location, path + ".elements", "`elements` must be a list of uischema elements")
                }
                return
            }
            for (index, item) in items.enumerated() {
                uiElement(item, path: "\(path).elements[\(index)]", schema: schema, shown: &shown)
            }
        }
    }

    private mutating func control(
        _ node: YAMLNode, type: String, path: String, schema: YAMLNode?, shown: inout [String: SourceLocation]
    ) {
        guard let scopeNode = node["scope"] else {
            error(node.location, path, "a \(type) needs `scope: '#/properties/<config name>'`")
            return
        }
        guard let scope = scopeNode.scalar?.text, scope.hasPrefix("#/properties/") else {
            error(
                scopeNode.location, path + ".scope",
                "scope \(describe(scopeNode)) must look like '#/properties/<config name>'")
            return
        }
        let segments = scope.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var target = schema
        var index = 0
        while index + 1 < segments.count, segments[index] == "properties" {
            target = target?["properties"]?[segments[index + 1]]
            index += 2
            if target == nil { break }
        }
        guard let property = target, index == segments.count else {
            let defined = (schema?["properties"]?.entries ?? []).map(\.key)
            let name = segments.count > 1 ? segments[1] : ""
            let hint =
                Suggestions.closest(to: name, in: defined).map { "did you mean '#/properties/\($0)'?" }
                ?? (defined.isEmpty ? "no configs are defined" : "defined configs: " + defined.joined(separator: ", "))
            error(scopeNode.location, path + ".scope", "scope '\(scope)' names no config; \(hint)")
            return
        }
        let name = segments[1]
        if let first = shown[name], segments.count == 2 {
            warning(
                scopeNode.location, path + ".scope",
                "config `\(name)` already has a Control at line \(first.line); tenants will see it twice")
        } else if shown[name] == nil {
            shown[name] = scopeNode.location
        }
        if type == "MultiSelectControl" {
            let isList = property["type"]?.scalar?.text == "array" || property["items"] != nil
            if !isList {
                warning(
                    scopeNode.location, path + ".scope",
                    "a MultiSelectControl stores a list, but config `\(name)` is not `type: array` with `items`")
            }
        }
    }
}
