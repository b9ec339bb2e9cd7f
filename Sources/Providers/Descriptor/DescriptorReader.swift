import Core
package import Manifest

/// Reads one provider descriptor file (the schema is documented at the top of `providers/github.yaml`).
package enum DescriptorReader {
    /// Parses `source`, read from `file`; every problem is a ``DescriptorError`` with the file, line and column.
    package static func parse(_ source: SourceText, file: String) throws(DescriptorError) -> ProviderDescriptor {
        try parseLocated(source, file: file).descriptor
    }

    /// Parses `source` and says where its name is written, for duplicate-name errors.
    static func parseLocated(
        _ source: SourceText, file: String
    ) throws(DescriptorError) -> (descriptor: ProviderDescriptor, nameLocation: SourceLocation) {
        let document: YAMLDocument
        do {
            document = try YAMLReader.read(source)
        } catch {
            throw DescriptorError(.syntax, file: file, at: error.location, error.message)
        }
        if let first = document.diagnostics.first {
            throw DescriptorError(.syntax, file: file, at: first.location, first.message)
        }
        guard let root = document.root else {
            throw DescriptorError(
                .missingField, file: file, at: .start,
                "the file is empty; a provider descriptor is a mapping with name, family, clone_user, api, webhook")
        }
        let fields = try DescriptorFields(
            file: file, node: root, path: "", allowed: ["name", "family", "clone_user", "api", "webhook"])
        let name = try fields.string("name")
        guard name.utf8.first.map(isLowerAlphanumeric) == true,
            name.utf8.allSatisfy({ isLowerAlphanumeric($0) || $0 == 45 })
        else {
            throw fields.fail(
                "name", .invalidValue,
                "'\(name)' must be lowercase letters, digits and '-', starting with a letter or digit")
        }
        let descriptor = ProviderDescriptor(
            name: name, family: try family(fields), cloneUser: try cloneUser(fields),
            api: try APIReader.read(try fields.mapping("api", allowed: APIReader.keys)),
            webhook: try WebhookReader.read(try fields.mapping("webhook", allowed: WebhookReader.keys)), file: file)
        return (descriptor, root["name"]?.location ?? root.location)
    }

    private static func family(_ fields: DescriptorFields) throws(DescriptorError) -> PayloadFamily {
        let text = try fields.string("family")
        guard let family = PayloadFamily(rawValue: text) else {
            let known = PayloadFamily.allCases.map(\.rawValue)
            var message = "'\(text)' is not a payload family"
            message += Suggestions.closest(to: text, in: known).map { "; did you mean '\($0)'?" } ?? "."
            message += " Known: \(known.joined(separator: ", ")) (a GitHub-compatible forge uses github)"
            throw fields.fail("family", .unknownValue, message)
        }
        return family
    }

    private static func cloneUser(_ fields: DescriptorFields) throws(DescriptorError) -> TokenUserName {
        let text = try fields.string("clone_user")
        if text == "{account}" { return .accountName }
        guard !text.contains(where: { "{}:@/ \t".contains($0) }) else {
            throw fields.fail(
                "clone_user", .invalidValue,
                "'\(text)' must be a literal user name (no ':', '@', '/', braces or spaces) or \"{account}\" "
                    + "for the token owner's account name")
        }
        return .literal(text)
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (97...122).contains(byte) || (48...57).contains(byte)
    }
}

/// Checks that every `{placeholder}` of the string under `key` is one of `allowed`.
func checkPlaceholders(
    _ text: String, key: String, in fields: DescriptorFields, allowed: [String]
) throws(DescriptorError) {
    guard let names = placeholders(in: text) else {
        throw fields.fail(key, .invalidValue, "has an unbalanced '{' or '}' in '\(text)'")
    }
    for name in names where !allowed.contains(name) {
        var message = "uses the unknown placeholder {\(name)}"
        message += Suggestions.closest(to: name, in: allowed).map { "; did you mean {\($0)}?" } ?? "."
        message += " Known here: " + allowed.map { "{\($0)}" }.joined(separator: ", ")
        throw fields.fail(key, .unknownValue, message)
    }
}

/// Splits `Name: value` into a header; nil when there is no colon or the name is not a header name.
func parseHeaderLine(_ line: String) -> HTTPHeader? {
    guard let colon = line.firstIndex(of: ":") else { return nil }
    let name = String(line[..<colon])
    let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
    guard isHeaderName(name) else { return nil }
    return HTTPHeader(name: name, value: String(value))
}

/// The `api` mapping.
private enum APIReader {
    static let keys = ["base", "auth_header", "basic_user", "headers", "head_commit", "tags"]
    static let endpointKeys = ["path", "list", "where", "name", "sha"]

    static func read(_ fields: DescriptorFields) throws(DescriptorError) -> APISettings {
        guard fields.node["base"] != nil else {
            throw fields.fail(
                "base", .missingField,
                "is required: the REST API root URL, or null when each installation has its own")
        }
        let base = try fields.optionalString("base")
        if let base {
            guard base.hasPrefix("https://") || base.hasPrefix("http://") else {
                throw fields.fail("base", .invalidValue, "'\(base)' must be an https:// or http:// URL, or null")
            }
            try checkPlaceholders(base, key: "base", in: fields, allowed: APISettings.endpointPlaceholders)
        }
        let line = try fields.string("auth_header")
        guard let header = parseHeaderLine(line), !header.value.isEmpty else {
            throw fields.fail(
                "auth_header", .invalidValue, "'\(line)' must be 'Name: value', e.g. 'Authorization: Bearer {token}'")
        }
        try checkPlaceholders(header.value, key: "auth_header", in: fields, allowed: AuthHeaderTemplate.placeholders)
        guard header.value.contains("{token}") || header.value.contains("{basic_token}") else {
            throw fields.fail("auth_header", .invalidValue, "must contain {token} or {basic_token}")
        }
        var headers: [HTTPHeader] = []
        for text in try fields.strings("headers") {
            guard let fixed = parseHeaderLine(text) else {
                throw fields.fail("headers", .invalidValue, "'\(text)' must be 'Name: value'")
            }
            headers.append(fixed)
        }
        return APISettings(
            base: base,
            authHeader: AuthHeaderTemplate(
                name: header.name, value: header.value, basicUser: try fields.optionalString("basic_user") ?? ""),
            headers: headers,
            headCommit: try endpoint(try fields.mapping("head_commit", allowed: endpointKeys), needsName: false),
            tags: try endpoint(try fields.mapping("tags", allowed: endpointKeys), needsName: true))
    }

    private static func endpoint(_ fields: DescriptorFields, needsName: Bool) throws(DescriptorError) -> PollingEndpoint
    {
        let path = try fields.string("path")
        guard path.hasPrefix("/") else { throw fields.fail("path", .invalidValue, "'\(path)' must start with '/'") }
        try checkPlaceholders(path, key: "path", in: fields, allowed: APISettings.endpointPlaceholders)
        var filter: [FieldValue] = []
        if let node = fields.value("where") {
            guard let entries = node.entries else {
                throw fields.fail("where", .wrongType, "must be a mapping of field: value")
            }
            for entry in entries {
                guard let value = entry.value.scalar?.text else {
                    throw fields.fail("where", .wrongType, "values must be strings")
                }
                try checkPlaceholders(value, key: "where", in: fields, allowed: APISettings.endpointPlaceholders)
                filter.append(FieldValue(field: entry.key, value: value))
            }
        }
        let list = try fields.optionalString("list")
        if !filter.isEmpty, list == nil {
            throw fields.fail("where", .invalidValue, "needs `list`: it picks one item of a list answer")
        }
        let name = try fields.optionalString("name")
        if needsName, name == nil {
            throw fields.fail("name", .missingField, "is required: the field with the tag name")
        }
        let sha = try fields.strings("sha")
        guard !sha.isEmpty else {
            throw fields.fail("sha", .missingField, "is required: the field with the commit SHA")
        }
        return PollingEndpoint(path: path, list: list, filter: filter, name: name, sha: sha)
    }
}
