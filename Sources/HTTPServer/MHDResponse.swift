internal import CMicroHTTPDShims

/// Owns one `MHD_Response*`: the body copied into libmicrohttpd, the header fields added.
///
/// libmicrohttpd reference-counts responses: `MHD_queue_response` takes its own reference, so this owner
/// destroys its reference in `deinit` whether or not the response was queued.
final class MHDResponse {
    private let handle: OpaquePointer
    private let status: UInt32

    /// nil when libmicrohttpd cannot allocate the response. Fields libmicrohttpd manages itself
    /// (`Content-Length`, `Transfer-Encoding`, `Date`) are skipped; so is any field it rejects (CR or LF in a
    /// value, say), which `rejected` receives.
    init?(_ response: HTTPResponse, rejected: (HTTPHeaders.Field) -> Void) {
        let created = response.body.withUnsafeBytes { bytes in
            MHD_create_response_from_buffer(
                bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress), .RESPMEM_MUST_COPY)
        }
        guard let created else { return nil }
        handle = created
        status = UInt32(clamping: response.status.code)
        for field in response.headers where !Self.managedByLibrary(field.name) {
            if MHD_add_response_header(handle, field.name, field.value) != .YES { rejected(field) }
        }
    }

    deinit { MHD_destroy_response(handle) }

    /// Hands the response to libmicrohttpd for `connection`; false when libmicrohttpd refuses it.
    func queue(on connection: OpaquePointer) -> Bool {
        MHD_queue_response(connection, status, handle) == .YES
    }

    private static func managedByLibrary(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered == "content-length" || lowered == "transfer-encoding" || lowered == "date"
    }
}
