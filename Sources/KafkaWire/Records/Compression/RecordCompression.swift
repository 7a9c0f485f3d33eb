import NIOCore

/// Compression of a batch's records section with any of Kafka's five codecs.
///
/// Decompression is always bounded: a records section that expands beyond `limit` bytes is refused with
/// `decompressionLimitExceeded`, so a hostile or corrupt batch costs at most `limit` bytes of memory.
enum RecordCompression {
    static func compress(
        _ input: ByteBuffer,
        codec: CompressionCodec,
        allocator: ByteBufferAllocator
    ) throws(RecordBatchError) -> ByteBuffer {
        switch codec {
        case .none: return input
        case .gzip: return try GzipCodec.compress(input, allocator: allocator)
        case .snappy: return try SnappyCodec.compress(input, allocator: allocator)
        case .lz4: return try LZ4Codec.compress(input, allocator: allocator)
        case .zstd: return try ZstdCodec.compress(input, allocator: allocator)
        default: throw unsupported(codec)
        }
    }

    static func decompress(
        _ input: ByteBuffer,
        codec: CompressionCodec,
        limit: Int,
        allocator: ByteBufferAllocator
    ) throws(RecordBatchError) -> ByteBuffer {
        switch codec {
        case .none: return input
        case .gzip: return try GzipCodec.decompress(input, limit: limit, allocator: allocator)
        case .snappy: return try SnappyCodec.decompress(input, limit: limit, allocator: allocator)
        case .lz4: return try LZ4Codec.decompress(input, limit: limit, allocator: allocator)
        case .zstd: return try ZstdCodec.decompress(input, limit: limit, allocator: allocator)
        default: throw unsupported(codec)
        }
    }

    static func unsupported(_ codec: CompressionCodec) -> RecordBatchError {
        RecordBatchError(
            code: .unsupportedCompression,
            message: "the batch uses compression codec id \(codec.rawValue), which Inlet does not know "
                + "(supported: none, gzip, snappy, lz4, zstd)"
        )
    }

    static func corrupt(_ codec: CompressionCodec, _ detail: String) -> RecordBatchError {
        RecordBatchError(
            code: .decompressionFailed,
            message: "the \(codec.name)-compressed records do not decompress (\(detail)); the batch is corrupt"
        )
    }

    static func tooLarge(_ codec: CompressionCodec, limit: Int) -> RecordBatchError {
        RecordBatchError(
            code: .decompressionLimitExceeded,
            message: "the \(codec.name)-compressed records expand beyond \(limit) bytes; raise "
                + "maxUncompressedBatchBytes if batches this large are expected"
        )
    }

    static func compressionFailed(_ codec: CompressionCodec, _ detail: String) -> RecordBatchError {
        RecordBatchError(code: .compressionFailed, message: "\(codec.name) compression failed: \(detail)")
    }

    /// One call of a streaming decoder: consume from `input`, produce into `output`.
    struct Step {
        var consumed: Int
        var produced: Int
        /// The decoder reached the end of a frame (more frames may follow in the remaining input).
        var frameEnded: Bool
    }

    /// Drives a streaming decoder over `input` until all of it is consumed and the last frame ended, growing the
    /// output geometrically but never past `limit` bytes.
    static func streamDecompress(
        _ input: ByteBuffer,
        codec: CompressionCodec,
        limit: Int,
        allocator: ByteBufferAllocator,
        step: (UnsafeRawBufferPointer, UnsafeMutableRawBufferPointer) throws(RecordBatchError) -> Step
    ) throws(RecordBatchError) -> ByteBuffer {
        let initial = min(limit + 1, max(4096, input.readableBytes * 4))
        var output = allocator.buffer(capacity: initial)
        var result: Result<Void, RecordBatchError> = .success(())
        input.withUnsafeReadableBytes { source in
            var offset = 0
            var frameEnded = false
            while !(frameEnded && offset == source.count) {
                if output.writableBytes == 0 {
                    if output.readableBytes > limit { break }
                    output.reserveCapacity(min(limit + 1, output.capacity * 2))
                }
                var outcome = Step(consumed: 0, produced: 0, frameEnded: false)
                var failure: RecordBatchError?
                let room = min(output.writableBytes, limit + 1 - output.readableBytes)
                _ = output.writeWithUnsafeMutableBytes(minimumWritableBytes: 0) { target in
                    let dst = UnsafeMutableRawBufferPointer(rebasing: target[..<room])
                    let src = UnsafeRawBufferPointer(rebasing: source[offset...])
                    do throws(RecordBatchError) {
                        outcome = try step(src, dst)
                    } catch {
                        failure = error
                    }
                    return outcome.produced
                }
                if let failure {
                    result = .failure(failure)
                    return
                }
                offset += outcome.consumed
                frameEnded = outcome.frameEnded
                if output.readableBytes > limit {
                    result = .failure(tooLarge(codec, limit: limit))
                    return
                }
                if outcome.consumed == 0, outcome.produced == 0, !outcome.frameEnded, room > 0 {
                    let detail = offset == source.count ? "the data ends before the end of its frame" : "no progress"
                    result = .failure(corrupt(codec, detail))
                    return
                }
            }
            if output.readableBytes > limit { result = .failure(tooLarge(codec, limit: limit)) }
        }
        try result.get()
        return output
    }
}
