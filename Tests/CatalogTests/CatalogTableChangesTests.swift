import Testing

@testable import Catalog

/// The difference between two versions of the shared catalog tables, which replicas store in PostgreSQL and take
/// into their copies.
@Suite("Catalog tables: changes between versions")
struct CatalogTableChangesTests {
    static let columns = [
        CatalogColumn(name: "id", kind: .text, isKey: true), CatalogColumn(name: "name", kind: .text, isKey: false),
        CatalogColumn(name: "details", kind: .text, isKey: false),
    ]

    func tables(_ rows: [[CatalogValue]], version: Int64) -> CatalogTables {
        CatalogTables(version: version, tables: [CatalogTable(name: "t", columns: Self.columns, rows: rows)])
    }

    @Test func deletesUpdatesAndInsertsByKeyWhateverTheRowOrder() {
        let old = tables(
            [
                [.text("u1"), .text("a"), .null], [.text("u2"), .text("b"), .null],
                [.text("u3"), .text("c"), .text("x")],
            ], version: 1)
        let new = tables(
            [
                [.text("u4"), .text("d"), .null], [.text("u3"), .text("c"), .text("y")],
                [.text("u1"), .text("a"), .null],
            ], version: 2)
        let changes = new.changes(from: old)
        #expect(changes.count == 1)
        #expect(changes[0].deletedKeys == [[.text("u2")]])
        #expect(changes[0].deletedRows == [[.text("u2"), .text("b"), .null]])
        #expect(changes[0].upserted == [[.text("u4"), .text("d"), .null], [.text("u3"), .text("c"), .text("y")]])
        #expect(changes[0].insertedRows == [[.text("u4"), .text("d"), .null]])
        let shuffled = tables(old.tables[0].rows.reversed(), version: 3)
        let unchanged = shuffled.changes(from: old).allSatisfy(\.isEmpty)
        #expect(unchanged)
    }

    @Test func aTableWithoutAKeyIsKeyedByEveryColumn() {
        let sequence = [CatalogColumn(name: "next", kind: .integer, isKey: true)]
        let old = CatalogTables(version: 1, tables: [CatalogTable(name: "s", columns: sequence, rows: [[.integer(7)]])])
        let new = CatalogTables(version: 2, tables: [CatalogTable(name: "s", columns: sequence, rows: [[.integer(9)]])])
        let changes = new.changes(from: old)[0]
        #expect(changes.deletedKeys == [[.integer(7)]])
        #expect(changes.upserted == [[.integer(9)]])
    }

    @Test func valuesAreKeptAsTheirColumnSaysSoTheyCompareAfterARoundTrip() {
        let text = CatalogColumn(name: "details", kind: .text, isKey: false)
        #expect(text.normalized(.integer(5)) == .text("5"))
        #expect(text.normalized(.null) == .null)
        let integer = CatalogColumn(name: "oid", kind: .integer, isKey: false)
        #expect(integer.normalized(.text("20001")) == .integer(20001))
        #expect(integer.normalized(.text("not a number")) == .text("not a number"))
    }
}
