import KafkaWire
import NIOCore

extension KafkaConsumer {
    /// What one partition's records blob held.
    struct Decoded: Sendable {
        var records: [KafkaConsumerRecord] = []
        var nextOffset: Int64
        var batches = 0
        var incompleteBatchSize: Int?
        var error: KafkaClientError?
    }

    /// Reads the complete batches of a fetched records blob, keeping records at or after `from`. A corrupt
    /// batch stops the reading: the records before it are returned, then the error.
    static func decode(_ blob: ByteBuffer, topic: String, partition: Int32, from: Int64) -> Decoded {
        var reader = RecordBatchReader(blob, context: RecordBatchContext(topic: topic, partition: partition))
        var decoded = Decoded(nextOffset: from)
        decoded.records.reserveCapacity(RecordBatchReader.completeBatches(in: blob).records)
        do throws(RecordBatchError) {
            while true {
                let kept = decoded.records.count
                let header: RecordBatchHeader?
                do throws(RecordBatchError) {
                    header = try reader.next { record in
                        if record.offset >= from {
                            decoded.records.append(
                                KafkaConsumerRecord(topic: topic, partition: partition, record: consume record))
                        }
                    }
                } catch {
                    decoded.records.removeSubrange(kept...)
                    throw error
                }
                guard let header else { break }
                decoded.batches += 1
                decoded.nextOffset = Swift.max(decoded.nextOffset, header.nextOffset)
            }
            if reader.remainingBytes > 0 { decoded.incompleteBatchSize = reader.incompleteBatchSize }
        } catch {
            let offset = error.baseOffset.map { Swift.max($0, decoded.nextOffset) } ?? decoded.nextOffset
            decoded.error = KafkaClientError(
                .corruptRecord,
                "corrupt record batch in topic \(topic) partition \(partition) at offset \(offset): \(error.message)",
                underlying: error)
        }
        return decoded
    }

    /// Decodes several partitions' blobs, in parallel when more than one holds data.
    static func decode(_ blobs: [(partition: Int32, offset: Int64, records: ByteBuffer)], topic: String) async
        -> [Int32: Decoded]
    {
        if blobs.count == 1, let only = blobs.first {
            return [only.partition: decode(only.records, topic: topic, partition: only.partition, from: only.offset)]
        }
        return await withTaskGroup(of: (Int32, Decoded).self) { group in
            for blob in blobs {
                group.addTask {
                    (blob.partition, decode(blob.records, topic: topic, partition: blob.partition, from: blob.offset))
                }
            }
            var decoded: [Int32: Decoded] = [:]
            for await (partition, result) in group { decoded[partition] = result }
            return decoded
        }
    }

    /// The error for a partition's Kafka error code in a Fetch or ListOffsets answer: nil when the partition is
    /// to be re-routed after a metadata refresh (leadership moved, topic re-created…), else the error that ends
    /// the sequence, naming topic, partition and offset.
    static func classify(_ code: KafkaErrorCode, topic: String, partition: Int32, offset: Int64, doing: String)
        -> (retriable: Bool, error: KafkaClientError)
    {
        let place = "\(topic)/\(partition)"
        switch code {
        case .offsetOutOfRange:
            return (
                false,
                KafkaClientError(
                    .broker,
                    "offset \(offset) is out of range for \(place); start from --from-beginning or a valid offset",
                    kafkaErrorCode: code.rawValue)
            )
        case .corruptMessage:
            return (
                false,
                KafkaClientError(
                    .corruptRecord, "the broker reports a corrupt record in \(place) at offset \(offset)",
                    kafkaErrorCode: code.rawValue)
            )
        case _ where code.isRetriable || code.invalidatesMetadata:
            return (
                true,
                KafkaClientError(
                    .broker, "\(doing) \(place) at offset \(offset): \(code)", kafkaErrorCode: code.rawValue)
            )
        default:
            return (
                false,
                KafkaClientError(
                    .broker, "\(doing) \(place) at offset \(offset) failed: \(code)", kafkaErrorCode: code.rawValue)
            )
        }
    }
}
