import Formats
import NIOCore
import Storage

/// Appends the columns `AvroRowDecoder` reads straight to a batch's flat values, with no array per record: strings
/// and bytes that a column keeps as they are become slices of the record's buffer (`Datum.textBytes`,
/// `.blobBytes`), which the store copies once, when it binds them.
struct AvroBatchSink: AvroRowSink {
    var changes = OutputChanges()
    /// The record's buffer, and the index in it where the bytes the decoder reads begin (after the framing).
    let record: ByteBuffer
    let bodyStart: Int

    init(record: ByteBuffer, bodyStart: Int) {
        self.record = record
        self.bodyStart = bodyStart
    }

    mutating func append(_ column: AvroSinkCell) {
        switch column {
        case .cell(let cell): changes.append(ConfluentAvroDecoder.datum(cell))
        case .textRange(let range): changes.append(.textBytes(slice(range)))
        case .bytesRange(let range): changes.append(.blobBytes(slice(range)))
        }
    }

    /// The decoder read these bytes, so they are inside the record's readable bytes.
    private func slice(_ range: Range<Int>) -> ByteBuffer {
        record.getSlice(at: bodyStart + range.lowerBound, length: range.count)!
    }
}
