import NIOCore
import Storage
import Testing

@testable import PostgreSQLStorage

@Suite struct PostgreSQLStorageURLTests {
    @Test func parsesTheURLAndHidesThePassword() throws {
        let url = try PostgreSQLStorageURL(
            parsing: "postgresql://ing%40est:s3cret@db.internal:6543/inlet", environment: [:])
        #expect(url.username == "ing@est")
        #expect(url.password == "s3cret")
        #expect(url.host == "db.internal")
        #expect(url.port == 6543)
        #expect(url.database == "inlet")
        #expect(url.description == "postgresql://ing@est@db.internal:6543/inlet")
        #expect(!url.description.contains("s3cret"))
    }

    @Test func thePasswordMayComeFromPGPASSWORD() throws {
        let url = try PostgreSQLStorageURL(parsing: "postgres://inlet@127.0.0.1/db", environment: ["PGPASSWORD": "pw"])
        #expect(url.port == 5432)
        #expect(url.password == "pw")
    }

    @Test func aURLWithoutUserOrDatabaseSaysWhatToWrite() {
        for text in ["postgresql://127.0.0.1:5432/db", "postgresql://inlet@127.0.0.1:5432", "mysql://a@b/c"] {
            let error = #expect(throws: StorageError.self) { try PostgreSQLStorageURL(parsing: text, environment: [:]) }
            #expect(error?.message.contains("postgresql://USER@HOST:PORT/DATABASE") == true, "\(text)")
        }
    }
}

@Suite struct COPYTextEncoderTests {
    func encoded(_ values: [Datum]) -> String {
        var buffer = ByteBuffer()
        values.withUnsafeBufferPointer { COPYTextEncoder.writeRow($0[...], into: &buffer) }
        return String(buffer: buffer)
    }

    @Test func escapesTextAndWritesByteaAsHex() {
        #expect(encoded([.text("a\tb\nc\rd\\e"), .null, .integer(-7)]) == "a\\tb\\nc\\rd\\\\e\t\\N\t-7\n")
        #expect(encoded([.blob([0x00, 0xAB, 0x10]), .blobBytes(ByteBuffer(bytes: []))]) == "\\\\x00ab10\t\\\\x\n")
        #expect(encoded([.textBytes(ByteBuffer(string: "plain")), .text("")]) == "plain\t\n")
        #expect(
            encoded([.real(0.5), .real(.infinity), .real(-.infinity), .real(.nan)]) == "0.5\tInfinity\t-Infinity\tNaN\n"
        )
    }
}
