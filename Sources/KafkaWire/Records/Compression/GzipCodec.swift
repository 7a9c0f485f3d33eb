import CZlib
import NIOCore

/// gzip as Kafka uses it: deflate in a gzip wrapper (RFC 1952), through zlib.
///
/// Reading accepts the zlib wrapper too and concatenated gzip members, as Java's GZIPInputStream does.
enum GzipCodec {
    static func compress(_ input: ByteBuffer, allocator: ByteBufferAllocator) throws(RecordBatchError) -> ByteBuffer {
        var stream = z_stream()
        // windowBits 15 + 16 selects the gzip wrapper.
        let initialised = deflateInit2_(
            &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size))
        guard initialised == Z_OK else {
            throw RecordCompression.compressionFailed(.gzip, "deflateInit2 \(initialised)")
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.readableBytes)))
        var output = allocator.buffer(capacity: bound)
        var status = Z_OK
        input.withUnsafeReadableBytes { source in
            _ = output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(target.count)
                status = deflate(&stream, Z_FINISH)
                return target.count - Int(stream.avail_out)
            }
        }
        guard status == Z_STREAM_END else { throw RecordCompression.compressionFailed(.gzip, "deflate \(status)") }
        return output
    }

    static func decompress(
        _ input: ByteBuffer,
        limit: Int,
        allocator: ByteBufferAllocator
    ) throws(RecordBatchError) -> ByteBuffer {
        var stream = z_stream()
        // windowBits 15 + 32 detects the gzip or zlib wrapper from the header.
        let initialised = inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard initialised == Z_OK else { throw RecordCompression.corrupt(.gzip, "inflateInit2 \(initialised)") }
        defer { inflateEnd(&stream) }
        return try RecordCompression.streamDecompress(input, codec: .gzip, limit: limit, allocator: allocator) {
            (source, target) throws(RecordBatchError) -> RecordCompression.Step in
            stream.next_in = UnsafeMutablePointer(mutating: source.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(source.count)
            stream.next_out = target.bindMemory(to: Bytef.self).baseAddress
            stream.avail_out = uInt(target.count)
            let status = inflate(&stream, Z_NO_FLUSH)
            let step = RecordCompression.Step(
                consumed: source.count - Int(stream.avail_in),
                produced: target.count - Int(stream.avail_out),
                frameEnded: status == Z_STREAM_END
            )
            switch status {
            case Z_STREAM_END:
                // Another gzip member may follow.
                inflateReset(&stream)
            case Z_OK, Z_BUF_ERROR:
                break
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw RecordCompression.corrupt(.gzip, reason)
            }
            return step
        }
    }
}
