import Formats
import KafkaClient
import NIOConcurrencyHelpers

/// The writers of one relation's Confluent-framed records, by schema id: ready, refused for good (an id the
/// registry does not know, a schema that cannot be read), or failed for `retryAfter` (the registry did not answer).
///
/// Avro and Protobuf decoders keep what they make of a writer (a resolved decoder, a descriptor pool) here; the
/// runtime asks for the unknown ids of a chunk and awaits `prefetch` before it decodes the chunk, so decoding itself
/// never waits.
final class WriterCache<Writer: Sendable>: Sendable {
    enum Entry: Sendable {
        case ready(Writer)
        /// Final: asking again cannot help.
        case refused(DecodeError)
        /// The registry could not answer; tried again after the instant.
        case failed(DecodeError, until: ContinuousClock.Instant)
    }

    private let entries: NIOLockedValueBox<[Int32: Entry]>

    init(_ initial: [Int32: Entry] = [:]) {
        entries = NIOLockedValueBox(initial)
    }

    subscript(id: Int32) -> Entry? { entries.withLockedValue { $0[id] } }

    /// The writer ids of `records`' keys or values that have no entry yet, or whose failed fetch may be tried again.
    /// Consecutive records of one writer cost a comparison each.
    func unknownIDs(in records: [KafkaConsumerRecord], keys: Bool) -> Set<Int32> {
        var unknown: Set<Int32> = []
        var last: Int32?
        for index in records.indices {
            guard let buffer = keys ? records[index].key : records[index].value, buffer.readableBytes >= 5,
                buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) == 0,
                let id = buffer.getInteger(at: buffer.readerIndex + 1, endianness: .big, as: Int32.self), id != last
            else { continue }
            last = id
            let now = ContinuousClock.now
            let isKnown = entries.withLockedValue { entries -> Bool in
                switch entries[id] {
                case .ready, .refused: return true
                case .failed(_, let until): return now < until
                case nil: return false
                }
            }
            if !isKnown { unknown.insert(id) }
        }
        return unknown
    }

    /// Fetches each of `ids` with `fetch` (at most `fetchTimeout` each; nil when the server has no registry client)
    /// and keeps what `make` makes of the answer.
    func prefetch<Answer: Sendable>(
        _ ids: Set<Int32>, connection: String, fetch: (@Sendable (Int32) async throws -> Answer)?,
        make: (Int32, Answer) -> Entry
    ) async {
        for id in ids.sorted() {
            let entry: Entry
            if let fetch {
                entry = await Self.fetch(id, connection: connection, fetch: fetch, make: make)
            } else {
                entry = .failed(
                    DecodeError(
                        "writer schema id \(id) is not the pinned one and this server has no registry client for "
                            + "connection \(connection)"), until: .now + WriterSchemaFetch.retryAfter)
            }
            entries.withLockedValue { $0[id] = entry }
        }
    }

    private static func fetch<Answer: Sendable>(
        _ id: Int32, connection: String, fetch: @escaping @Sendable (Int32) async throws -> Answer,
        make: (Int32, Answer) -> Entry
    ) async -> Entry {
        let answer: Result<Answer, any Error>? = await withTaskGroup(of: Result<Answer, any Error>?.self) { group in
            group.addTask {
                do {
                    return .success(try await fetch(id))
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                try? await Task.sleep(for: WriterSchemaFetch.fetchTimeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        switch answer {
        case nil:
            return .failed(
                DecodeError("writer schema id \(id): the registry of connection \(connection) did not answer in time"),
                until: .now + WriterSchemaFetch.retryAfter)
        case .failure(let error as WriterSchemaLookupError) where error.isFinal:
            return .refused(DecodeError("writer schema id \(id): \(error.message)"))
        case .failure(let error):
            return .failed(DecodeError("writer schema id \(id): \(error)"), until: .now + WriterSchemaFetch.retryAfter)
        case .success(let value):
            return make(id, value)
        }
    }
}

/// How long writer schema fetches may take and how long a failure stands.
enum WriterSchemaFetch {
    /// How long a failed registry request answers for its id before it is tried again.
    static let retryAfter: Duration = .seconds(5)
    /// How long a record may wait for its writer schema.
    static let fetchTimeout: Duration = .seconds(30)
}
