import Formats
import KafkaClient
import NIOCore
import SQL
import Storage

/// Decodes Protobuf records into the columns of the message pinned at creation: Confluent-framed (magic byte 0,
/// schema id, message-index path) for `USING CONFLUENT SCHEMA REGISTRY`, the bare message for `USING SCHEMA`.
///
/// Protobuf needs no resolution between writer and reader: the pinned descriptors read any writer's bytes (fields
/// the reader does not know are skipped, fields the writer did not write take their defaults). What a writer id
/// gives is which message its index path names: the record must be the pinned message. The pinned id needs no
/// request; any other is fetched by `prefetch` (as for Avro, awaited between chunks), and an id the registry does not
/// know, a path that names no message, or another message than the pinned one makes that record an error row.
final class ConfluentProtobufDecoder: WriterPrefetching {
    let connection: String?
    let pinned: PinnedProtobufSchema
    private let reader: Result<ProtobufRowDecoder, DecodeError>
    /// The pinned message's index path in the pinned file (nil when it is not one of the file's messages, as an
    /// imported message named by MESSAGE is not).
    private let pinnedPath: [Int]?
    private let lookup: (any ProtobufSchemaLookup)?
    /// The writers seen, the pinned one from the start.
    private let writers: WriterCache<Writer>

    /// A writer's descriptors, and the index path of the pinned message's name in them.
    private struct Writer: Sendable {
        var pool: ProtobufDescriptorPool
        var path: [Int]?
    }

    init(_ format: ProtobufFormat, lookup: (any ProtobufSchemaLookup)?) {
        connection = format.connection
        let pinned =
            format.pinned
            ?? PinnedProtobufSchema(
                subject: nil, id: nil, version: nil, descriptorSet: [], message: "", columns: [])
        self.pinned = pinned
        self.lookup = lookup
        do throws(DecodeError) {
            let pool = try ProtobufDescriptorPool(serializedSet: pinned.descriptorSet)
            reader = .success(ProtobufRowDecoder(program: try ProtobufProgram(pool: pool, message: pinned.message)))
            let path = pool.indexPath(of: pinned.message)
            pinnedPath = path
            writers = WriterCache(pinned.id.map { [$0: .ready(Writer(pool: pool, path: path))] } ?? [:])
        } catch {
            reader = .failure(DecodeError("the pinned Protobuf descriptors cannot be read: \(error.reason)"))
            pinnedPath = nil
            writers = WriterCache()
        }
    }

    /// The columns of one record.
    func decode(_ buffer: ByteBuffer) throws(DecodeError) -> DecodedFields {
        let decoder = try reader.get()
        let cells = try buffer.withUnsafeReadableBytes { raw throws(DecodeError) -> [AvroCell] in
            guard connection != nil else { return try decoder.decodeCells(raw) }
            let framing = try ConfluentProtobufFraming(raw)
            try check(framing)
            return try decoder.decodeCells(raw, from: framing.bodyStart)
        }
        var fields: [Datum] = []
        fields.reserveCapacity(cells.count)
        for cell in cells { fields.append(ConfluentAvroDecoder.datum(cell)) }
        return .many(fields)
    }

    /// The record must be the pinned message: its index path names it in the writer's file.
    private func check(_ framing: ConfluentProtobufFraming) throws(DecodeError) {
        if framing.schemaID == pinned.id, let pinnedPath, framing.messageIndexes == pinnedPath { return }
        let pool: ProtobufDescriptorPool
        let path: [Int]?
        switch writers[framing.schemaID] {
        case .ready(let writer):
            pool = writer.pool
            path = writer.path
        case .refused(let error), .failed(let error, _): throw error
        case nil:
            throw DecodeError("writer schema id \(framing.schemaID) was not fetched before its record was decoded")
        }
        if let path, framing.messageIndexes == path { return }
        let indexes = "[" + framing.messageIndexes.map(String.init).joined(separator: ", ") + "]"
        guard let name = pool.messageName(at: framing.messageIndexes) else {
            throw DecodeError(
                "the message index \(indexes) names no message of writer schema id \(framing.schemaID); was the "
                    + "record framed for another schema?")
        }
        throw DecodeError(
            "the record is a \(name) (message index \(indexes) of writer schema id \(framing.schemaID)), but the "
                + "relation reads \(pinned.message); write each message type to its own topic, or create a relation "
                + "with FORMAT PROTOBUF MESSAGE '\(name)' USING CONFLUENT SCHEMA REGISTRY CONNECTION …")
    }

    func unknownWriterIDs(in records: [KafkaConsumerRecord], keys: Bool) -> Set<Int32> {
        guard connection != nil else { return [] }
        return writers.unknownIDs(in: records, keys: keys)
    }

    func prefetch(_ ids: Set<Int32>) async {
        let fetch = lookup.map { lookup in { @Sendable (id: Int32) in try await lookup.protobufFiles(id: id) } }
        await writers.prefetch(ids, connection: connection ?? "", fetch: fetch) { id, serialized in
            do throws(DecodeError) {
                let pool = try ProtobufDescriptorPool(serializedFiles: serialized, of: "writer schema id \(id)")
                return .ready(Writer(pool: pool, path: pool.indexPath(of: pinned.message)))
            } catch {
                return .refused(DecodeError("writer schema id \(id) cannot be read: \(error.reason)"))
            }
        }
    }
}
