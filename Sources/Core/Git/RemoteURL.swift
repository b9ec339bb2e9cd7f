/// A git remote URL in normalized form, never holding credentials.
///
/// Normalization: the scheme and host are lowercased, a default port is dropped, the path loses its trailing
/// slash and `.git` suffix and its empty segments, and any user name or password in an HTTPS, HTTP or git URL is
/// stripped (an SSH user name such as `git` is kept for connecting). The scp-like form `git@host:owner/repo` is
/// the same repository as `ssh://git@host/owner/repo`.
///
/// Two `RemoteURL`s are equal when scheme, host, port and path are equal; ``repositoryKey`` (host, port and path)
/// is equal for the HTTPS and SSH forms of one repository, so a webhook for either matches, and both share one
/// mirror. Supported schemes: `https`, `http`, `ssh` (and scp-like), `git`, `file` (and absolute paths).
package struct RemoteURL: Sendable, Hashable, CustomStringConvertible {
    /// How the repository is reached.
    package enum Scheme: String, Sendable, Hashable {
        case https, http, ssh, git, file

        /// The port used when the URL names none; nil for `file`.
        package var defaultPort: Int? {
            switch self {
            case .https: 443
            case .http: 80
            case .ssh: 22
            case .git: 9418
            case .file: nil
            }
        }
    }

    /// How the repository is reached.
    package let scheme: Scheme
    /// Lowercased host name or address (IPv6 in brackets); empty for `file`.
    package let host: String
    /// The port, nil when it is the scheme's default.
    package let port: Int?
    /// Normalized path without leading slash (absolute, with leading slash, for `file`), no `.git` suffix.
    package let path: String
    /// The SSH user name (`git`); nil for other schemes.
    package let sshUser: String?
    /// What libgit2 is given: the original spelling (scp-like form, `.git` suffix) without credentials.
    package let connectionString: String

    /// Parses and normalizes `text`; throws ``GitError/Code/invalidURL`` with a message that never repeats
    /// credentials found in `text`.
    package init(_ text: String) throws(GitError) {
        let trimmed = trimmingWhitespace(text)
        let shown = RemoteURL.redact(trimmed)
        func invalid(_ reason: String) -> GitError {
            GitError(.invalidURL, "remote URL '\(shown)' \(reason)")
        }
        guard !trimmed.isEmpty else { throw GitError(.invalidURL, "the remote URL is empty; give the clone URL") }
        if trimmed.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7f }) {
            throw invalid("contains spaces or control characters")
        }
        if trimmed.contains("?") || trimmed.contains("#") {
            throw invalid("has a query string or fragment; give the plain clone URL")
        }

        var scheme: Scheme
        var authority: Substring
        var rawPath: Substring
        var scpForm = false
        if let separator = trimmed.firstRange(of: "://") {
            let name = trimmed[..<separator.lowerBound].lowercased()
            switch name {
            case "https": scheme = .https
            case "http": scheme = .http
            case "ssh", "git+ssh", "ssh+git": scheme = .ssh
            case "git": scheme = .git
            case "file": scheme = .file
            default:
                throw invalid("uses the unsupported scheme '\(name)'; use https, http, ssh, git or file")
            }
            let rest = trimmed[separator.upperBound...]
            if let slash = rest.firstIndex(of: "/") {
                authority = rest[..<slash]
                rawPath = rest[slash...]
            } else {
                authority = rest
                rawPath = ""
            }
        } else if trimmed.hasPrefix("/") {
            scheme = .file
            authority = ""
            rawPath = trimmed[...]
        } else if let colon = trimmed.firstIndex(of: ":"),
            !trimmed[..<colon].contains("/")
        {
            scheme = .ssh
            scpForm = true
            authority = trimmed[..<colon]
            rawPath = trimmed[trimmed.index(after: colon)...]
        } else {
            throw invalid("is neither a URL (https://…, ssh://…) nor the scp-like form user@host:owner/repo")
        }

        // Credentials: keep only an SSH user name; drop everything else before the last '@'.
        var user: String?
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            authority = authority[authority.index(after: at)...]
            if scheme == .ssh {
                let name = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[0]
                user = name.isEmpty ? nil : String(name)
            }
        }

        var host = ""
        var port: Int?
        if scheme == .file {
            guard authority.isEmpty || authority.lowercased() == "localhost" else {
                throw invalid("names a host in a file URL; only local paths (file:///path) are supported")
            }
        } else {
            (host, port) = try RemoteURL.parseHostPort(authority, scpForm: scpForm, invalid: invalid)
            if port == scheme.defaultPort { port = nil }
        }

        var segments = rawPath.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if segments.contains(where: { $0 == "." || $0 == ".." }) {
            throw invalid("has '.' or '..' in its path")
        }
        var hadGitSuffix = false
        if let last = segments.last, last.count > 4, last.lowercased().hasSuffix(".git") {
            segments[segments.count - 1] = String(last.dropLast(4))
            hadGitSuffix = true
        }
        guard !segments.isEmpty else { throw invalid("has no repository path") }
        let joined = segments.joined(separator: "/")

        self.scheme = scheme
        self.host = host
        self.port = port
        self.sshUser = user
        self.path = scheme == .file ? "/" + joined : joined

        let suffix = hadGitSuffix ? ".git" : ""
        let userPart = user.map { $0 + "@" } ?? ""
        let hostPart = host + (port.map { ":\($0)" } ?? "")
        if scheme == .file {
            connectionString = "file://" + path + suffix
        } else if scpForm {
            let leadingSlash = rawPath.hasPrefix("/") ? "/" : ""
            connectionString = userPart + host + ":" + leadingSlash + joined + suffix
        } else {
            connectionString = scheme.rawValue + "://" + userPart + hostPart + "/" + joined + suffix
        }
    }

    /// Host, port and path: the same for the HTTPS and SSH forms of one repository (`github.com/acme/widgets`,
    /// `git.example.com:8443/team/app`); a local path for `file` URLs.
    package var repositoryKey: String {
        if scheme == .file { return path }
        return host + (port.map { ":\($0)" } ?? "") + "/" + path
    }

    /// A form safe to show in logs, errors and the database: the URL as connected to, with no credentials.
    package var redacted: String { connectionString }

    package var description: String { redacted }

    package static func == (lhs: RemoteURL, rhs: RemoteURL) -> Bool {
        lhs.scheme == rhs.scheme && lhs.host == rhs.host && lhs.port == rhs.port && lhs.path == rhs.path
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(scheme)
        hasher.combine(host)
        hasher.combine(port)
        hasher.combine(path)
    }

    /// `text` with any `user:password@` of a URL removed, for messages about strings that did not parse.
    package static func redact(_ text: String) -> String {
        guard let separator = text.firstRange(of: "://") else {
            // scp-like: user@host:path carries no password; keep it.
            return text
        }
        let rest = text[separator.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return text }
        return String(text[..<separator.upperBound]) + String(rest[rest.index(after: at)...])
    }

    private static func parseHostPort(
        _ authority: Substring, scpForm: Bool, invalid: (String) -> GitError
    ) throws(GitError) -> (String, Int?) {
        var hostPart = authority
        var portText: Substring?
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { throw invalid("has an unclosed '[' in its host") }
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") {
                portText = after.dropFirst()
            } else if !after.isEmpty {
                throw invalid("has text after the IPv6 address")
            }
            hostPart = hostPart[...close]
        } else if !scpForm, let colon = hostPart.lastIndex(of: ":") {
            portText = hostPart[hostPart.index(after: colon)...]
            hostPart = hostPart[..<colon]
        }
        var host = hostPart.lowercased()
        if host.hasSuffix(".") { host.removeLast() }
        guard !host.isEmpty else { throw invalid("has no host") }
        let allowed = host.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || "-._[]:".unicodeScalars.contains($0)
        }
        guard allowed else { throw invalid("has an invalid host name '\(host)'") }
        var port: Int?
        if let portText, !portText.isEmpty {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw invalid("has an invalid port '\(portText)'")
            }
            port = value
        }
        return (host, port)
    }
}

private func trimmingWhitespace(_ text: String) -> String {
    var scalars = Substring(text)
    while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
    return String(scalars)
}
