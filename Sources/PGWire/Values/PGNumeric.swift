import NIOCore

/// PostgreSQL's binary `numeric`: base-10000 digits with a weight, a sign and a display scale.
enum PGNumeric {
    private static let positive: UInt16 = 0x0000
    private static let negative: UInt16 = 0x4000
    private static let notANumber: UInt16 = 0xC000

    /// Writes a decimal string such as `-123.4500` in binary form; false when the text is not a number.
    static func write(text: String, into out: inout ByteBuffer) -> Bool {
        var body = Substring(text.trimmingSpaces)
        if body.lowercased() == "nan" {
            out.writeMultipleIntegers(Int16(0), Int16(0), notANumber, Int16(0))
            return true
        }
        var sign = positive
        if body.first == "-" || body.first == "+" {
            if body.first == "-" { sign = negative }
            body.removeFirst()
        }
        let pieces = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count), !body.isEmpty,
            pieces.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return false }
        var integer = Array(pieces[0].utf8).map { Int16($0 - UInt8(ascii: "0")) }
        var fraction = pieces.count == 2 ? Array(pieces[1].utf8).map { Int16($0 - UInt8(ascii: "0")) } : []
        let scale = Int16(fraction.count)
        while integer.count % 4 != 0 { integer.insert(0, at: 0) }
        while fraction.count % 4 != 0 { fraction.append(0) }
        func groups(_ digits: [Int16]) -> [Int16] {
            stride(from: 0, to: digits.count, by: 4).map {
                digits[$0] * 1000 + digits[$0 + 1] * 100 + digits[$0 + 2] * 10 + digits[$0 + 3]
            }
        }
        var digits = groups(integer) + groups(fraction)
        var weight = Int16(integer.count / 4) - 1
        while digits.first == 0 {
            digits.removeFirst()
            weight -= 1
        }
        while digits.last == 0 { digits.removeLast() }
        if digits.isEmpty {
            weight = 0
            sign = positive
        }
        out.writeMultipleIntegers(Int16(digits.count), weight, sign, scale)
        for digit in digits { out.writeInteger(digit) }
        return true
    }

    /// Reads a binary numeric into its decimal text.
    static func text(fromBinary buffer: inout ByteBuffer) throws -> String {
        guard let (count, weight, sign, scale) = buffer.readMultipleIntegers(as: (Int16, Int16, UInt16, Int16).self),
            count >= 0, scale >= 0
        else { throw PGValueCodec.binaryError(PGTypeOID.numeric, "short or invalid header") }
        if sign == notANumber { return "NaN" }
        var digits: [Int] = []
        for _ in 0..<count {
            guard let digit = buffer.readInteger(as: Int16.self), (0..<10000).contains(digit) else {
                throw PGValueCodec.binaryError(PGTypeOID.numeric, "invalid digit")
            }
            digits.append(Int(digit))
        }
        guard buffer.readableBytes == 0 else {
            throw PGValueCodec.binaryError(PGTypeOID.numeric, "\(buffer.readableBytes) bytes after the digits")
        }
        func digit(_ index: Int) -> Int { index >= 0 && index < digits.count ? digits[index] : 0 }
        var integer = ""
        if weight < 0 {
            integer = "0"
        } else {
            for index in 0...Int(weight) {
                let group = String(digit(index))
                integer += index == 0 ? group : String(repeating: "0", count: 4 - group.count) + group
            }
        }
        var fraction = ""
        var index = Int(weight) + 1
        while fraction.count < Int(scale) {
            let group = String(digit(index))
            fraction += String(repeating: "0", count: 4 - group.count) + group
            index += 1
        }
        fraction = String(fraction.prefix(Int(scale)))
        let text = fraction.isEmpty ? integer : integer + "." + fraction
        return sign == negative && digits.contains(where: { $0 != 0 }) ? "-" + text : text
    }
}
