internal import CZlib

/// Deflates a stream into gzip with zlib (`deflateInit2` + `deflateSetHeader`), with a header that is the same
/// on every machine: mtime 0, no file name, OS byte 255 ("unknown"), compression level 6. Owns the `z_stream`
/// (heap-allocated: zlib keeps a pointer to it) and the `gz_header`, released in `deinit`.
///
/// The compressed bytes depend on the zlib build as well as on the input; the tar digest in ``ArchiveResult``
/// does not.
package final class GzipWriter {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private let header = UnsafeMutablePointer<gz_header>.allocate(capacity: 1)
    private let output = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 18)
    private let outputSize = 1 << 18
    private let sink: (UnsafeRawBufferPointer) throws -> Void
    private var initialized = false

    /// Starts a gzip stream that hands compressed bytes to `sink`.
    package init(level: Int32 = 6, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) throws {
        self.sink = sink
        stream.initialize(to: z_stream())
        header.initialize(to: gz_header())
        let status = deflateInit2_(
            stream, level, Z_DEFLATED, MAX_WBITS + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw GzipWriter.failure("deflateInit2", status) }
        initialized = true
        header.pointee.os = 255
        let headerStatus = deflateSetHeader(stream, header)
        guard headerStatus == Z_OK else { throw GzipWriter.failure("deflateSetHeader", headerStatus) }
    }

    deinit {
        if initialized { deflateEnd(stream) }
        stream.deallocate()
        header.deallocate()
        output.deallocate()
    }

    /// Compresses more bytes.
    package func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var offset = 0
        while offset < bytes.count {
            let chunk = min(bytes.count - offset, 1 << 30)
            stream.pointee.next_in = UnsafeMutablePointer(
                mutating: (base + offset).assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(chunk)
            try drain(flush: Z_NO_FLUSH)
            offset += chunk
        }
    }

    /// Ends the stream (flushes the last block and the trailer).
    package func finish() throws {
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        try drain(flush: Z_FINISH)
    }

    private func drain(flush: Int32) throws {
        while true {
            stream.pointee.next_out = output
            stream.pointee.avail_out = uInt(outputSize)
            let status = deflate(stream, flush)
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw GzipWriter.failure("deflate", status)
            }
            let produced = outputSize - Int(stream.pointee.avail_out)
            if produced > 0 { try sink(UnsafeRawBufferPointer(start: output, count: produced)) }
            if flush == Z_FINISH {
                if status == Z_STREAM_END { return }
            } else if stream.pointee.avail_out != 0 {
                return
            }
        }
    }

    private static func failure(_ function: String, _ status: Int32) -> ArchiveError {
        ArchiveError("zlib \(function) failed with status \(status) while compressing an archive")
    }
}

/// Compression failed inside zlib (out of memory, a corrupted stream state).
package struct ArchiveError: Error, Sendable, CustomStringConvertible {
    /// What failed.
    package var message: String

    /// Creates an error.
    package init(_ message: String) { self.message = message }

    package var description: String { message }
}
