/// `FORMAT TEXT`: a record's bytes as one `text` column.
///
/// The bytes are taken as they are, so decoding is UTF-8 validation and one string; PostgreSQL text cannot
/// hold U+0000, so a NUL byte is an error like an ill-formed sequence.
public enum TextFormat {
    /// The bytes as a string; invalid UTF-8 or a NUL byte is an error that names its offset.
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> String {
        try validate(bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Throws what `decode` would, without making the string: for callers that keep the bytes as they are.
    public static func validate(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) {
        try TextValidation.validate(bytes, to: bytes.count)
    }
}
