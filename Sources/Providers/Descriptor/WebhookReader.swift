import Core
import Manifest

/// The `webhook` mapping of a descriptor: event and delivery-id sources, push and ping events, schemes.
enum WebhookReader {
    static let keys = ["event", "push_events", "ping_events", "delivery_id", "require", "schemes"]

    static func read(_ fields: DescriptorFields) throws(DescriptorError) -> WebhookSettings {
        let event = try sources(fields, "event")
        let pushEvents = try fields.strings("push_events")
        guard !pushEvents.isEmpty else {
            throw fields.fail("push_events", .missingField, "is required: the event names that are pushes")
        }
        let deliveryID = try sources(fields, "delivery_id")
        var require = SchemeRequirement.any
        if let text = try fields.optionalString("require") {
            guard let value = SchemeRequirement(rawValue: text) else {
                throw fields.fail("require", .unknownValue, "'\(text)' must be `any` or `all`")
            }
            require = value
        }
        var schemes: [AuthenticationScheme] = []
        for (index, node) in try fields.items("schemes").enumerated() {
            schemes.append(try scheme(node, file: fields.file, path: fields.qualified("schemes") + "[\(index)]"))
        }
        guard !schemes.isEmpty else {
            throw fields.fail(
                "schemes", .missingField,
                "is required: at least one of " + AuthenticationScheme.kinds.joined(separator: ", "))
        }
        return WebhookSettings(
            event: event, pushEvents: pushEvents, pingEvents: try fields.strings("ping_events"),
            deliveryID: deliveryID, require: require, schemes: schemes)
    }

    /// A list of `header: NAME` / `body: path` mappings, at least one.
    private static func sources(_ fields: DescriptorFields, _ key: String) throws(DescriptorError) -> [ValueSource] {
        var sources: [ValueSource] = []
        for (index, node) in try fields.items(key).enumerated() {
            let item = try DescriptorFields(
                file: fields.file, node: node, path: fields.qualified(key) + "[\(index)]", allowed: ["header", "body"])
            switch (item.value("header"), item.value("body")) {
            case (.some, nil): sources.append(.header(try item.headerName("header")))
            case (nil, .some):
                let path = try item.string("body")
                guard !path.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) else {
                    throw item.fail("body", .invalidValue, "'\(path)' must be a dotted path such as resource.id")
                }
                sources.append(.body(path))
            default:
                throw DescriptorError(
                    .invalidValue, file: fields.file, at: node.location,
                    "`\(item.path)` must have exactly one of `header: NAME` or `body: dotted.path`")
            }
        }
        guard !sources.isEmpty else {
            throw fields.fail(key, .missingField, "is required: a list of `header: NAME` or `body: dotted.path`")
        }
        return sources
    }

    private static func scheme(
        _ node: YAMLNode, file: String, path: String
    ) throws(DescriptorError)
        -> AuthenticationScheme
    {
        let allKeys = [
            "scheme", "header", "prefix", "id_header", "timestamp_header", "signature_header", "tolerance_seconds",
        ]
        let probe = try DescriptorFields(file: file, node: node, path: path, allowed: allKeys)
        let kind = try probe.string("scheme")
        let keys: [String]
        switch kind {
        case "hmac-sha256-hex": keys = ["scheme", "header", "prefix"]
        case "shared-token": keys = ["scheme", "header"]
        case "standard-webhooks":
            keys = ["scheme", "id_header", "timestamp_header", "signature_header", "tolerance_seconds"]
        case "basic-auth": keys = ["scheme", "header"]
        case "custom-header": keys = ["scheme"]
        default:
            var message = "'\(kind)' is not a signature scheme"
            message +=
                Suggestions.closest(to: kind, in: AuthenticationScheme.kinds).map { "; did you mean '\($0)'?" } ?? "."
            message += " Known: " + AuthenticationScheme.kinds.joined(separator: ", ")
            throw probe.fail("scheme", .unknownValue, message)
        }
        let fields = try DescriptorFields(file: file, node: node, path: path, allowed: keys)
        switch kind {
        case "hmac-sha256-hex":
            return .hmacSHA256Hex(
                header: try fields.headerName("header"), prefix: try fields.optionalString("prefix") ?? "")
        case "shared-token":
            return .sharedToken(header: try fields.headerName("header"))
        case "standard-webhooks":
            return .standardWebhooks(
                StandardWebhooksSettings(
                    idHeader: try fields.headerName("id_header"),
                    timestampHeader: try fields.headerName("timestamp_header"),
                    signatureHeader: try fields.headerName("signature_header"),
                    toleranceSeconds: try fields.integer("tolerance_seconds", default: 300)))
        case "basic-auth":
            return .basicAuth(header: fields.value("header") == nil ? "Authorization" : try fields.headerName("header"))
        default:
            return .customHeader
        }
    }
}
