/// The few SSH wire primitives the key formats need: big-endian `uint32` and length-prefixed `string`.
///
/// Reads never trap: short input returns nil and leaves the reader where it was.
struct SSHWireBuffer {
    private(set) var bytes: [UInt8]
    private(set) var readerIndex = 0

    init(_ bytes: [UInt8] = []) { self.bytes = bytes }

    var readableCount: Int { bytes.count - readerIndex }

    mutating func readUInt32() -> UInt32? {
        guard readableCount >= 4 else { return nil }
        let value = bytes[readerIndex..<readerIndex + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        readerIndex += 4
        return value
    }

    mutating func readString() -> [UInt8]? {
        let start = readerIndex
        guard let length = readUInt32(), readableCount >= Int(length) else {
            readerIndex = start
            return nil
        }
        defer { readerIndex += Int(length) }
        return Array(bytes[readerIndex..<readerIndex + Int(length)])
    }

    mutating func readBytes(_ count: Int) -> [UInt8]? {
        guard readableCount >= count else { return nil }
        defer { readerIndex += count }
        return Array(bytes[readerIndex..<readerIndex + count])
    }

    mutating func writeUInt32(_ value: UInt32) {
        bytes.append(contentsOf: [
            UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff),
            UInt8(value & 0xff),
        ])
    }

    mutating func writeString(_ value: [UInt8]) {
        writeUInt32(UInt32(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func writeBytes(_ value: [UInt8]) { bytes.append(contentsOf: value) }
}
