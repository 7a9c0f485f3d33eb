import CLZ4
import NIOCore

/// LZ4 in the LZ4 frame format, as Kafka uses it since message format 1.
///
/// Written like librdkafka and the Java client write it: independent 64 KB blocks (the Java reader cannot follow
/// linked blocks), no content size, no checksums beyond the frame header's.
enum LZ4Codec {
    static func compress(_ input: ByteBuffer, allocator: ByteBufferAllocator) throws(RecordBatchError) -> ByteBuffer {
        var preferences = LZ4F_preferences_t()
        preferences.frameInfo.blockMode = LZ4F_blockIndependent
        preferences.frameInfo.blockSizeID = LZ4F_max64KB
        let bound = LZ4F_compressFrameBound(input.readableBytes, &preferences)
        var output = allocator.buffer(capacity: bound)
        var result = 0
        input.withUnsafeReadableBytes { source in
            _ = output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { target in
                result = LZ4F_compressFrame(
                    target.baseAddress, target.count, source.baseAddress, source.count, &preferences)
                return LZ4F_isError(result) != 0 ? 0 : result
            }
        }
        guard LZ4F_isError(result) == 0 else {
            throw RecordCompression.compressionFailed(.lz4, String(cString: LZ4F_getErrorName(result)))
        }
        return output
    }

    static func decompress(
        _ input: ByteBuffer,
        limit: Int,
        allocator: ByteBufferAllocator
    ) throws(RecordBatchError) -> ByteBuffer {
        var context: OpaquePointer?
        let created = LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))
        guard LZ4F_isError(created) == 0, let context else {
            throw RecordCompression.corrupt(.lz4, "cannot create a decompression context")
        }
        defer { LZ4F_freeDecompressionContext(context) }
        return try RecordCompression.streamDecompress(input, codec: .lz4, limit: limit, allocator: allocator) {
            (source, target) throws(RecordBatchError) -> RecordCompression.Step in
            var produced = target.count
            var consumed = source.count
            let hint = LZ4F_decompress(context, target.baseAddress, &produced, source.baseAddress, &consumed, nil)
            guard LZ4F_isError(hint) == 0 else {
                throw RecordCompression.corrupt(.lz4, String(cString: LZ4F_getErrorName(hint)))
            }
            return RecordCompression.Step(consumed: consumed, produced: produced, frameEnded: hint == 0)
        }
    }
}
