/// Request ids: taken from a sane incoming `X-Request-Id`, or made up, so that one id ties together a
/// client's report, the answer and every log line of a request.
package enum RequestID {
    /// The header carrying the id, both ways.
    package static let headerName = "X-Request-Id"

    /// The longest incoming id accepted.
    package static let maximumLength = 128

    /// The request's own id when it sent a sane one, else a new one.
    package static func choose(from headers: HTTPHeaders) -> String {
        accepting(headers[headerName]) ?? generate()
    }

    /// A new id: 16 lowercase hexadecimal digits from the system's random generator.
    package static func generate() -> String {
        let hex = String(UInt64.random(in: .min ... .max), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// `value` when it is fit for logs and headers: 1 to ``maximumLength`` characters among ASCII letters,
    /// digits, `-`, `_`, `.`, `:` and `@`; nil otherwise (absent, too long, spaces, control characters, …).
    package static func accepting(_ value: String?) -> String? {
        guard let value, !value.isEmpty, value.utf8.count <= maximumLength else { return nil }
        let sane = value.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: ":"), UInt8(ascii: "@"):
                true
            default: false
            }
        }
        return sane ? value : nil
    }
}

/// Gives every request an id and echoes it in the answer's `X-Request-Id`.
///
/// A request that already carries an id keeps it: ``MHDServer`` assigns one to every request (the sane incoming
/// `X-Request-Id`, else a new one) before the responder runs, so that its own answers (413, timeouts) carry it
/// too. For requests made in-process without one, this middleware does the same choosing.
package struct RequestIDMiddleware: HTTPMiddleware {
    /// The middleware.
    package init() {}

    /// Chooses the id when the request has none, answers through `next`, and sets `X-Request-Id` on the answer.
    package func respond(to request: HTTPRequest, next: any HTTPResponder) async -> HTTPResponse {
        var request = request
        if request.requestID.isEmpty {
            request.requestID = RequestID.choose(from: request.headers)
        }
        var response = await next.respond(to: request)
        response.headers.set(RequestID.headerName, request.requestID)
        return response
    }
}
