// Prints the throughput of the record batch layer: CRC-32C, decoding and building batches per codec.
// Run in release: swift run -c release RecordsBenchmark [records]   (default 1,000,000 records of 100 bytes)
import Foundation
import KafkaWire
import NIOCore

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func figure(_ value: Double) -> String { String(format: "%.1f", value) }

let recordCount = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 1_000_000
let valueSize = 100
let recordsPerBatch = 1000  // about 110 KB uncompressed, a typical fetched batch of small records

// CRC-32C over 1 MiB and over batch-sized pieces.
var crcInput = [UInt8](repeating: 0, count: 1 << 20)
for i in crcInput.indices { crcInput[i] = UInt8(truncatingIfNeeded: i &* 2_654_435_761 >> 13) }
var sink: UInt32 = 0
let crcRounds = 2000
let crcTime = seconds { for _ in 0..<crcRounds { sink ^= CRC32C.checksum(crcInput) } }
print(
    "CRC-32C (\(CRC32C.usesHardware ? "crc32c instructions" : "slicing-by-8")): "
        + "\(figure(Double(crcRounds * crcInput.count) / crcTime / 1e9)) GB/s over 1 MiB buffers")

// Values of 100 bytes: half random-ish, half text, so that codecs have something realistic to do.
var seed: UInt64 = 1
var values: [ByteBuffer] = []
for i in 0..<1024 {
    var b = ByteBuffer()
    b.writeString("{\"id\":\(i),\"kind\":\"order\",\"note\":\"")
    while b.readableBytes < valueSize - 2 {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        b.writeInteger(UInt8(truncatingIfNeeded: seed >> 58) &+ 48)
    }
    b.writeString("\"}")
    values.append(b)
}
let keys: [ByteBuffer] = (0..<64).map { ByteBuffer(string: "customer-\($0)") }

print("\(recordCount) records of \(valueSize)-byte values, \(recordsPerBatch) per batch")
print("codec    build rec/s   build MB/s   read rec/s   read MB/s   wire MB")
for codec in CompressionCodec.allSupported {
    var batches: [ByteBuffer] = []
    let buildTime = try seconds {
        var builder = RecordBatchBuilder(compression: codec)
        for i in 0..<recordCount {
            builder.append(key: keys[i & 63], value: values[i & 1023], timestamp: 1_700_000_000_000 + Int64(i))
            if builder.count == recordsPerBatch || i == recordCount - 1 {
                builder.baseOffset = Int64(i + 1 - builder.count)
                batches.append(try builder.build())
                builder = RecordBatchBuilder(compression: codec)
            }
        }
    }
    // Fetch responses carry many batches in one buffer: read them as one blob per 1 MB of wire bytes.
    var blobs: [ByteBuffer] = []
    var blob = ByteBuffer()
    for var batch in batches {
        blob.writeBuffer(&batch)
        if blob.readableBytes >= 1 << 20 {
            blobs.append(blob)
            blob = ByteBuffer()
        }
    }
    if blob.readableBytes > 0 { blobs.append(blob) }
    let wireBytes = blobs.reduce(0) { $0 + $1.readableBytes }
    var read = 0
    var valueBytes = 0
    let readTime = try seconds {
        for blob in blobs {
            var reader = RecordBatchReader(blob, context: RecordBatchContext(topic: "bench", partition: 0))
            while let batch = try reader.next() {
                read += batch.records.count
                for record in batch.records { valueBytes += record.value?.readableBytes ?? 0 }
            }
        }
    }
    precondition(read == recordCount, "read \(read) of \(recordCount)")
    let payloadMB = Double(recordCount * valueSize) / 1e6
    print(
        codec.name.padding(toLength: 8, withPad: " ", startingAt: 0)
            + " " + figure(Double(recordCount) / buildTime).padding(toLength: 13, withPad: " ", startingAt: 0)
            + " " + figure(payloadMB / buildTime).padding(toLength: 12, withPad: " ", startingAt: 0)
            + " " + figure(Double(read) / readTime).padding(toLength: 12, withPad: " ", startingAt: 0)
            + " " + figure(payloadMB / readTime).padding(toLength: 11, withPad: " ", startingAt: 0)
            + " " + figure(Double(wireBytes) / 1e6))
}
if sink == 42 { print("") }
