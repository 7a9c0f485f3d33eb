import NIOCore
import Testing

@testable import KafkaWire

@Suite struct RecordsErrorTests {
    static func readError(_ blob: ByteBuffer, limit: Int = 128 << 20) -> RecordBatchError? {
        var reader = RecordBatchReader(
            blob, context: RecordsFixtures.context, options: .init(maxUncompressedBatchBytes: limit))
        do {
            _ = try reader.readAll()
            return nil
        } catch {
            return error
        }
    }

    /// Flipping any byte the CRC covers (and the CRC itself) yields an error naming topic, partition and offset.
    @Test(arguments: CompressionCodec.allSupported)
    func everyFlippedByteIsCaught(_ codec: CompressionCodec) throws {
        let good = try RecordsFixtures.batch(RecordsFixtures.varied, codec: codec, baseOffset: 4711)
        for position in RecordBatchHeader.crcOffset..<good.readableBytes {
            var bad = good
            bad.setInteger(good.getInteger(at: position, as: UInt8.self)! ^ 0x10, at: position)
            let error = try #require(Self.readError(bad), "flip at \(position)")
            #expect(error.code == .checksumMismatch, "flip at \(position)")
            #expect(error.topic == "orders" && error.partition == 7 && error.baseOffset == 4711)
            #expect("\(error)".contains("topic orders, partition 7, batch at offset 4711"))
        }
    }

    @Test func corruptBatchAfterGoodOnesReturnsNoData() throws {
        let good = try RecordsFixtures.batch(RecordsFixtures.varied, codec: .none, baseOffset: 0)
        var bad = try RecordsFixtures.batch(RecordsFixtures.varied, codec: .gzip, baseOffset: 6)
        bad.setInteger(bad.getInteger(at: 80, as: UInt8.self)! ^ 1, at: 80)
        var reader = RecordBatchReader(RecordsFixtures.concat([good, bad]), context: RecordsFixtures.context)
        #expect(try reader.next()?.records.count == 6)
        #expect(throws: RecordBatchError.self) { try reader.next() }
        var whole = RecordBatchReader(RecordsFixtures.concat([good, bad]), context: RecordsFixtures.context)
        #expect(throws: RecordBatchError.self) { try whole.readAll() }
    }

    /// The consumer's path hands records over as it reads them: a record that does not parse under a valid CRC
    /// comes after the ones before it, and the error says so; `next()` returns none of that batch.
    @Test func recordByRecordReadingStopsAtTheMalformedRecord() throws {
        var more = try RecordsFixtures.batch(RecordsFixtures.varied, codec: .none, baseOffset: 6)
        more.setInteger(Int32(7), at: 57)
        let good = try RecordsFixtures.batch(RecordsFixtures.varied, codec: .none, baseOffset: 0)
        let blob = RecordsFixtures.concat([good, RecordsFixtures.resealed(more)])
        #expect(RecordBatchReader.completeBatches(in: blob).records == 13)

        var reader = RecordBatchReader(blob, context: RecordsFixtures.context)
        var reserved: [Int] = []
        var offsets: [Int64] = []
        let first = try reader.next(reservingCapacity: { reserved.append($0) }) { offsets.append($0.offset) }
        #expect(first?.baseOffset == 0 && offsets == Array(0..<6))
        do {
            _ = try reader.next(reservingCapacity: { reserved.append($0) }) { offsets.append($0.offset) }
            Issue.record("a batch declaring 7 records with 6 in it was read")
        } catch {
            #expect(error.code == .malformedRecord && error.baseOffset == 6)
        }
        #expect(reserved == [6, 7])
        #expect(offsets == Array(0..<12), "the six records before the malformed one were handed over")

        var whole = RecordBatchReader(blob, context: RecordsFixtures.context)
        #expect(try whole.next()?.records.count == 6)
        #expect(throws: RecordBatchError.self) { try whole.next() }
    }

    @Test func oldMessageFormatsAreRefusedClearly() throws {
        // A magic 1 message set entry: offset, size, crc, magic 1, attributes, timestamp, key -1, value "v".
        var legacy = ByteBuffer()
        legacy.writeInteger(Int64(3))
        let legacySize: Int32 = 23  // crc 4, magic 1, attributes 1, timestamp 8, key 4, value 4 + 1
        legacy.writeInteger(legacySize)
        legacy.writeInteger(UInt32(0))
        legacy.writeInteger(Int8(1))
        legacy.writeInteger(Int8(0))
        legacy.writeInteger(Int64(1000))
        legacy.writeInteger(Int32(-1))
        legacy.writeInteger(Int32(1))
        legacy.writeString("v")
        let error = try #require(Self.readError(legacy))
        #expect(error.code == .unsupportedMagic && error.baseOffset == 3)
        #expect(error.message.contains("magic 1"))
    }

    @Test func impossibleLengthsAndCountsAreErrors() throws {
        var short = try RecordsFixtures.batch(RecordsFixtures.varied, codec: .none)
        short.setInteger(Int32(10), at: 8)
        #expect(Self.readError(short)?.code == .malformedBatch)

        var hugeCount = try RecordsFixtures.batch(RecordsFixtures.varied, codec: .none)
        hugeCount.setInteger(Int32.max, at: 57)
        #expect(Self.readError(RecordsFixtures.resealed(hugeCount))?.code == .malformedBatch)

        var fewer = try RecordsFixtures.batch(RecordsFixtures.varied, codec: .lz4)
        fewer.setInteger(Int32(2), at: 57)
        #expect(Self.readError(RecordsFixtures.resealed(fewer))?.code == .malformedBatch)

        var more = try RecordsFixtures.batch(RecordsFixtures.varied, codec: .none)
        more.setInteger(Int32(7), at: 57)
        #expect(Self.readError(RecordsFixtures.resealed(more))?.code == .malformedRecord)

        var unknownCodec = try RecordsFixtures.batch(RecordsFixtures.varied, codec: .none)
        unknownCodec.setInteger(Int16(6), at: 21)
        let error = try #require(Self.readError(RecordsFixtures.resealed(unknownCodec)))
        #expect(error.code == .unsupportedCompression && error.partition == 7)
    }

    /// Every record field cut or overrun is reported as malformed, never read past its record.
    @Test func damagedRecordBytesUnderAValidCRC() throws {
        let good = try RecordsFixtures.batch(RecordsFixtures.varied, codec: .none)
        for position in RecordBatchHeader.size..<good.readableBytes {
            for delta: UInt8 in [0x01, 0x40, 0x80] {
                var bad = good
                bad.setInteger(good.getInteger(at: position, as: UInt8.self)! ^ delta, at: position)
                var reader = RecordBatchReader(RecordsFixtures.resealed(bad), context: RecordsFixtures.context)
                do {
                    _ = try reader.readAll()  // some flips land in key/value bytes and still parse
                } catch {
                    #expect(error.code == .malformedRecord || error.code == .malformedBatch)
                    #expect(error.baseOffset == 0 && error.topic == "orders")
                }
            }
        }
    }

    @Test(arguments: [CompressionCodec.gzip, .snappy, .lz4, .zstd])
    func decompressionIsBounded(_ codec: CompressionCodec) throws {
        let bomb = try RecordsFixtures.batch(
            [TestRecord(key: nil, value: [UInt8](repeating: 0, count: 1 << 20), timestamp: 0)], codec: codec)
        #expect(bomb.readableBytes < 64 * 1024)
        let error = try #require(Self.readError(bomb, limit: 256 * 1024))
        #expect(error.code == .decompressionLimitExceeded)
        #expect(error.message.contains("maxUncompressedBatchBytes"))
        #expect(Self.readError(bomb, limit: 2 << 20) == nil)
    }

    @Test(arguments: [CompressionCodec.gzip, .snappy, .lz4, .zstd])
    func garbageUnderAValidCRCIsADecompressionError(_ codec: CompressionCodec) throws {
        var batch = try RecordsFixtures.batch(RecordsFixtures.varied, codec: codec)
        // Overwrite the compressed section's middle (headers of frames stay intact for some codecs).
        let middle = RecordBatchHeader.size + (batch.readableBytes - RecordBatchHeader.size) / 2
        for i in middle..<min(middle + 16, batch.readableBytes) { batch.setInteger(UInt8(0xFF), at: i) }
        // And a section cut in half.
        let cut = batch.getSlice(at: 0, length: middle)!
        var cutBatch = RecordsFixtures.concat([cut])
        cutBatch.setInteger(Int32(middle - 12), at: 8)
        // Without a checksum of their own, snappy and lz4 may inflate garbage into other bytes: then the record
        // parser decides. Either way nothing crashes and any error is one of these.
        if let error = Self.readError(RecordsFixtures.resealed(batch)) {
            #expect([.decompressionFailed, .malformedRecord, .malformedBatch].contains(error.code), "\(error)")
        }
        let error = try #require(Self.readError(RecordsFixtures.resealed(cutBatch)), "\(codec)")
        #expect(error.code == .decompressionFailed, "\(error)")
    }
}

/// Random damage under a valid CRC, in every codec: the reader returns records or a `RecordBatchError`, never
/// crashes, hangs or reads outside the batch.
@Suite struct RecordsDamageTests {
    @Test(arguments: CompressionCodec.allSupported)
    func randomDamageIsAnErrorOrData(_ codec: CompressionCodec) throws {
        let good = try RecordsFixtures.batch(RecordsFixtures.varied, codec: codec, baseOffset: 9)
        var generator = SplitMix64(seed: 1000 + UInt64(codec.rawValue))
        var errors = 0
        for _ in 0..<400 {
            var bad = good
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let position = Int.random(in: RecordBatchHeader.size..<good.readableBytes, using: &generator)
                bad.setInteger(UInt8.random(in: 0...255, using: &generator), at: position)
            }
            var reader = RecordBatchReader(
                RecordsFixtures.resealed(bad), context: RecordsFixtures.context,
                options: .init(maxUncompressedBatchBytes: 1 << 20))
            do {
                _ = try reader.readAll()
            } catch {
                errors += 1
                #expect(error.baseOffset == 9 && error.partition == 7)
            }
        }
        #expect(errors > 0)
    }
}
