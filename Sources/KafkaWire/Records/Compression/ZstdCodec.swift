import CZstd
import NIOCore

/// Zstandard frames, decoded as a stream so that frames without a content size (streaming producers) work.
enum ZstdCodec {
    static let level: Int32 = 3

    static func compress(_ input: ByteBuffer, allocator: ByteBufferAllocator) throws(RecordBatchError) -> ByteBuffer {
        let bound = ZSTD_compressBound(input.readableBytes)
        var output = allocator.buffer(capacity: bound)
        var result = 0
        input.withUnsafeReadableBytes { source in
            _ = output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { target in
                result = ZSTD_compress(target.baseAddress, target.count, source.baseAddress, source.count, level)
                return ZSTD_isError(result) != 0 ? 0 : result
            }
        }
        guard ZSTD_isError(result) == 0 else {
            throw RecordCompression.compressionFailed(.zstd, String(cString: ZSTD_getErrorName(result)))
        }
        return output
    }

    static func decompress(
        _ input: ByteBuffer,
        limit: Int,
        allocator: ByteBufferAllocator
    ) throws(RecordBatchError) -> ByteBuffer {
        guard let stream = ZSTD_createDStream() else {
            throw RecordCompression.corrupt(.zstd, "cannot create a decompression stream")
        }
        defer { ZSTD_freeDStream(stream) }
        ZSTD_initDStream(stream)
        return try RecordCompression.streamDecompress(input, codec: .zstd, limit: limit, allocator: allocator) {
            (source, target) throws(RecordBatchError) -> RecordCompression.Step in
            var inBuffer = ZSTD_inBuffer(src: source.baseAddress, size: source.count, pos: 0)
            var outBuffer = ZSTD_outBuffer(dst: target.baseAddress, size: target.count, pos: 0)
            let hint = ZSTD_decompressStream(stream, &outBuffer, &inBuffer)
            guard ZSTD_isError(hint) == 0 else {
                throw RecordCompression.corrupt(.zstd, String(cString: ZSTD_getErrorName(hint)))
            }
            return RecordCompression.Step(consumed: inBuffer.pos, produced: outBuffer.pos, frameEnded: hint == 0)
        }
    }
}
