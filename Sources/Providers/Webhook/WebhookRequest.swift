package import Core

/// A webhook request as the HTTP server received it: the headers and the raw body bytes, untouched.
///
/// Verification reads the raw bytes; nothing is parsed before a scheme has passed.
package struct WebhookRequest: Sendable, Hashable {
    /// The headers in arrival order; a name may repeat.
    package var headers: [HTTPHeader]
    /// The body exactly as received.
    package var body: [UInt8]

    /// Creates a request from header pairs.
    package init(headers: [HTTPHeader], body: [UInt8]) {
        self.headers = headers
        self.body = body
    }

    /// Creates a request from a header dictionary (names in any case).
    package init(headers: [String: String], body: [UInt8]) {
        self.init(headers: headers.map { HTTPHeader(name: $0.key, value: $0.value) }, body: body)
    }

    /// The first value of the header `name`, compared case-insensitively, without surrounding blanks; nil when
    /// the header is absent.
    package func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        guard let found = headers.first(where: { $0.name.lowercased() == wanted }) else { return nil }
        return trimmingBlanks(found.value)
    }

    /// The media type of `Content-Type`, lowercased, without parameters (`application/json`); nil when absent.
    package var mediaType: String? {
        guard let value = header("Content-Type") else { return nil }
        let type = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return trimmingBlanks(String(type)).lowercased()
    }
}

/// The webhook secrets configured on a connection; each scheme of the provider uses the one it needs.
///
/// Empty values count as not configured.
package struct WebhookSecrets: Sendable, Hashable {
    /// The shared secret: the HMAC key of `hmac-sha256-hex`, the token of `shared-token`.
    package var secret: Redacted<String>?
    /// The `whsec_<base64>` key of `standard-webhooks` (GitLab signing token); when nil, ``secret`` is used if it
    /// has that form.
    package var signingSecret: Redacted<String>?
    /// The user and password of `basic-auth`.
    package var basicAuth: BasicCredentials?
    /// The header name and value of `custom-header`.
    package var customHeader: CustomHeaderSecret?

    /// Creates the secrets of a connection.
    package init(
        secret: Redacted<String>? = nil, signingSecret: Redacted<String>? = nil, basicAuth: BasicCredentials? = nil,
        customHeader: CustomHeaderSecret? = nil
    ) {
        self.secret = secret
        self.signingSecret = signingSecret
        self.basicAuth = basicAuth
        self.customHeader = customHeader
    }
}

/// HTTP Basic credentials a provider sends with each webhook request.
package struct BasicCredentials: Sendable, Hashable {
    /// The user name.
    package var user: Redacted<String>
    /// The password.
    package var password: Redacted<String>

    /// Creates credentials.
    package init(user: Redacted<String>, password: Redacted<String>) {
        self.user = user
        self.password = password
    }
}

/// A header a provider sends with each webhook request, whose name and value are both set by the admin.
package struct CustomHeaderSecret: Sendable, Hashable {
    /// The header name (not secret; it appears in rejection reasons).
    package var name: String
    /// The value.
    package var value: Redacted<String>

    /// Creates the header secret.
    package init(name: String, value: Redacted<String>) {
        self.name = name
        self.value = value
    }
}

func trimmingBlanks(_ text: String) -> String {
    var scalars = Substring(text)
    while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
    while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
    return String(scalars)
}
