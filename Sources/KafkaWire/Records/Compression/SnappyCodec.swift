import CSnappy
import NIOCore

/// Snappy as Kafka clients write it: raw snappy blocks (librdkafka) or snappy-java's framing (the Java client).
///
/// The snappy-java ("xerial") format is the magic `82 'SNAPPY' 00`, two big-endian int32 versions, then blocks
/// of a big-endian int32 length and a raw snappy block. Writing produces one raw block, as librdkafka does; both
/// librdkafka and the Java client (whose reader falls back to raw blocks when the magic is absent) read it.
enum SnappyCodec {
    static let xerialMagic: [UInt8] = [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00]
    static let xerialHeaderSize = 16

    static func compress(_ input: ByteBuffer, allocator: ByteBufferAllocator) throws(RecordBatchError) -> ByteBuffer {
        let bound = snappy_max_compressed_length(input.readableBytes)
        var output = allocator.buffer(capacity: bound)
        var status = SNAPPY_OK
        input.withUnsafeReadableBytes { source in
            _ = output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { target in
                var length = target.count
                status = withCChars(source) { src, count in
                    snappy_compress(src, count, target.bindMemory(to: CChar.self).baseAddress, &length)
                }
                return status == SNAPPY_OK ? length : 0
            }
        }
        guard status == SNAPPY_OK else { throw RecordCompression.compressionFailed(.snappy, "status \(status)") }
        return output
    }

    static func decompress(
        _ input: ByteBuffer,
        limit: Int,
        allocator: ByteBufferAllocator
    ) throws(RecordBatchError) -> ByteBuffer {
        guard isXerialFramed(input) else {
            var output = allocator.buffer(capacity: 0)
            try appendBlock(input, to: &output, limit: limit)
            return output
        }
        var rest = input
        rest.moveReaderIndex(forwardBy: xerialHeaderSize)
        var output = allocator.buffer(capacity: min(limit, rest.readableBytes * 3))
        while rest.readableBytes > 0 {
            guard let length = rest.readInteger(as: Int32.self), length >= 0,
                let block = rest.readSlice(length: Int(length))
            else {
                throw RecordCompression.corrupt(.snappy, "a snappy-java block length runs past the end of the data")
            }
            try appendBlock(block, to: &output, limit: limit)
        }
        return output
    }

    static func isXerialFramed(_ input: ByteBuffer) -> Bool {
        guard input.readableBytes >= xerialHeaderSize,
            let prefix = input.getBytes(at: input.readerIndex, length: xerialMagic.count)
        else { return false }
        return prefix == xerialMagic
    }

    /// Decompresses one raw snappy block onto the end of `output`, refusing to grow it past `limit`.
    private static func appendBlock(
        _ block: ByteBuffer,
        to output: inout ByteBuffer,
        limit: Int
    ) throws(RecordBatchError) {
        let failure = block.withUnsafeReadableBytes { bytes in
            withCChars(bytes) { src, count in appendBlock(src, count, to: &output, limit: limit) }
        }
        if let failure { throw failure }
    }

    private static func appendBlock(
        _ src: UnsafePointer<CChar>,
        _ count: Int,
        to output: inout ByteBuffer,
        limit: Int
    ) -> RecordBatchError? {
        var expected = 0
        guard snappy_uncompressed_length(src, count, &expected) == SNAPPY_OK else {
            return RecordCompression.corrupt(.snappy, "the block header is not valid snappy")
        }
        guard expected <= limit - output.readableBytes else {
            return RecordCompression.tooLarge(.snappy, limit: limit)
        }
        var failure: RecordBatchError?
        _ = output.writeWithUnsafeMutableBytes(minimumWritableBytes: expected) { target in
            var length = expected
            let status = snappy_uncompress(src, count, target.bindMemory(to: CChar.self).baseAddress, &length)
            guard status == SNAPPY_OK, length == expected else {
                failure = RecordCompression.corrupt(.snappy, "snappy status \(status.rawValue)")
                return 0
            }
            return length
        }
        return failure
    }

    /// Hands a C library a valid pointer even for zero bytes (an empty buffer may have no base address).
    private static func withCChars<R>(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafePointer<CChar>, Int) -> R) -> R {
        if let base = bytes.baseAddress { return body(base.assumingMemoryBound(to: CChar.self), bytes.count) }
        var zero: CChar = 0
        return withUnsafePointer(to: &zero) { body($0, 0) }
    }
}
