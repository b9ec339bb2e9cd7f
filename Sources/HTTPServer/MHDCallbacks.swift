internal import CMicroHTTPDShims
import Foundation
import Glibc

// The C functions libmicrohttpd calls. Each one turns its `cls` back into the ServerCore (passed unretained:
// the MHDDaemon owning the daemon keeps the core alive until the daemon's threads are joined) and hands over.

/// MHD_OPTION_URI_LOG_CALLBACK: the request line is in. Creates the request's context, retained once; the
/// completed callback releases it.
func mhdURILogger(
    _ cls: UnsafeMutableRawPointer?, _ uri: UnsafePointer<CChar>?, _ connection: OpaquePointer?
) -> UnsafeMutableRawPointer? {
    guard let cls else { return nil }
    let core = Unmanaged<ServerCore>.fromOpaque(cls).takeUnretainedValue()
    let context = core.opened(
        rawURI: uri.map { String(cString: $0) } ?? "/", remoteAddress: connection.map(clientAddress) ?? "")
    return Unmanaged.passRetained(context).toOpaque()
}

/// The access handler: called once the headers are in, once per chunk of body, then until answered.
func mhdAccessHandler(
    _ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?, _ url: UnsafePointer<CChar>?,
    _ method: UnsafePointer<CChar>?, _ version: UnsafePointer<CChar>?, _ uploadData: UnsafePointer<CChar>?,
    _ uploadDataSize: UnsafeMutablePointer<Int>?, _ requestContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> MHD_Result {
    guard let cls, let connection, let pointer = requestContext?.pointee else { return .NO }
    let core = Unmanaged<ServerCore>.fromOpaque(cls).takeUnretainedValue()
    let context = Unmanaged<RequestContext>.fromOpaque(pointer).takeUnretainedValue()
    let upload = uploadData.map { UnsafeRawBufferPointer(start: $0, count: uploadDataSize?.pointee ?? 0) }
    uploadDataSize?.pointee = 0  // every byte offered is consumed: kept, or counted and dropped
    return core.handle(context, connection: connection, url: url, method: method, upload: upload) ? .YES : .NO
}

/// MHD_OPTION_NOTIFY_COMPLETED: libmicrohttpd is done with the request (answered, aborted, or the client left).
func mhdRequestCompleted(
    _ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
    _ requestContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, _ termination: MHD_RequestTerminationCode
) {
    guard let cls, let requestContext, let pointer = requestContext.pointee else { return }
    requestContext.pointee = nil
    let core = Unmanaged<ServerCore>.fromOpaque(cls).takeUnretainedValue()
    let context = Unmanaged<RequestContext>.fromOpaque(pointer).takeRetainedValue()
    core.closed(context, completedNormally: termination == .REQUEST_TERMINATED_COMPLETED_OK)
}

/// MHD_OPTION_EXTERNAL_LOGGER: libmicrohttpd's own messages (bind failures, client protocol errors).
func mhdErrorLogger(_ cls: UnsafeMutableRawPointer?, _ format: UnsafePointer<CChar>?, _ arguments: CVaListPointer?) {
    guard let cls, let format, let arguments else { return }
    var buffer = [CChar](repeating: 0, count: 512)
    _ = vsnprintf(&buffer, buffer.count, format, arguments)
    let text = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    let core = Unmanaged<ServerCore>.fromOpaque(cls).takeUnretainedValue()
    core.libraryMessage(text.trimmingCharacters(in: .whitespacesAndNewlines))
}

/// Every (key, value) libmicrohttpd parsed of `kind` (headers, query arguments), in order, duplicates kept.
func connectionValues(_ connection: OpaquePointer, _ kind: MHD_ValueKind) -> [(String, String)] {
    var pairs: [(String, String)] = []
    withUnsafeMutablePointer(to: &pairs) { pointer in
        _ = MHD_get_connection_values_n(
            connection, kind,
            { cls, _, key, keySize, value, valueSize in
                let pairs = cls!.assumingMemoryBound(to: [(String, String)].self)
                pairs.pointee.append((text(key, keySize), text(value, valueSize)))
                return .YES
            }, pointer)
    }
    return pairs
}

private func text(_ pointer: UnsafePointer<CChar>?, _ count: Int) -> String {
    guard let pointer else { return "" }
    return pointer.withMemoryRebound(to: UInt8.self, capacity: count) {
        String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
    }
}

/// The peer's IP address as text, or empty.
private func clientAddress(_ connection: OpaquePointer) -> String {
    guard let address = cmhd_connection_client_address(connection) else { return "" }
    var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
    let written: UnsafePointer<CChar>?
    switch Int32(address.pointee.sa_family) {
    case AF_INET:
        var ip = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
        written = inet_ntop(AF_INET, &ip, &buffer, socklen_t(buffer.count))
    case AF_INET6:
        var ip = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
        written = inet_ntop(AF_INET6, &ip, &buffer, socklen_t(buffer.count))
    default:
        written = nil
    }
    guard written != nil else { return "" }
    return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}
