/// Bytes written into memory that was sized in advance for the longest possible output, so that appending
/// is a store and a count, without the capacity and uniqueness checks of an array.
struct OutputBuffer {
    private let memory: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    init(_ memory: UnsafeMutableBufferPointer<UInt8>) {
        self.memory = memory
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        memory[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ byte: UInt8, _ next: UInt8) {
        memory[count] = byte
        memory[count + 1] = next
        count += 2
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, let base = memory.baseAddress else { return }
        assert(count + bytes.count <= memory.count, "output longer than its bound")
        UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }
}
