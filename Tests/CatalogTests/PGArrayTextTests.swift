import Testing

@testable import Catalog

/// PostgreSQL's text form of arrays, as pg_catalog's array columns keep it: read and written as `array_out` does.
@Suite struct PGArrayTextTests {
    @Test func readsWhatPostgreSQLPrints() throws {
        #expect(PGArrayText(parsing: "{}") == PGArrayText(elements: []))
        #expect(PGArrayText(parsing: "{a,b}") == PGArrayText(elements: ["a", "b"]))
        #expect(
            PGArrayText(parsing: #"{"a b",NULL,"",  c ,"N\"U\\LL"}"#)?.elements == ["a b", nil, "", "c", #"N"U\LL"#])
        #expect(PGArrayText(parsing: "{\"NULL\"}")?.elements == ["NULL"])
        #expect(PGArrayText(parsing: "[0:1]={1,2}") == PGArrayText(lowerBound: 0, elements: ["1", "2"]))
        // int2vector and oidvector: space-separated, numbered from 0.
        #expect(PGArrayText(parsing: "1 3") == PGArrayText(lowerBound: 0, elements: ["1", "3"]))
        #expect(PGArrayText(parsing: "{a") == nil)
        #expect(PGArrayText(parsing: "x y") == nil)
    }

    @Test func writesAsPostgreSQLPrints() throws {
        #expect(PGArrayText(elements: []).text == "{}")
        #expect(PGArrayText(elements: ["a b", nil, "", "NULL", #"q"\"#]).text == #"{"a b",NULL,"","NULL","q\"\\"}"#)
        #expect(PGArrayText(lowerBound: 0, elements: ["1", "2"]).text == "[0:1]={1,2}")
        let vector = try #require(PGArrayText(parsing: "5 6"))
        #expect(vector.element(at: 0) == "5" && vector.element(at: 1) == "6" && vector.element(at: 2) == nil)
        #expect(vector.upperBound == 1)
    }
}
