/// Exact numeric against PostgreSQL 15: constants, casts, + - * / %, round/trunc/ceil/floor, sum and avg, comparisons
/// and ordering by value, with the scales PostgreSQL keeps and computes (`1.10 + 2` is `3.10`, `1.0 / 3` has 20
/// digits after the point).
extension CompatibilityCorpus {
    static let numeric: [CompatibilityQuery] = [
        CompatibilityQuery(
            "SELECT 1.10 + 2, 1.10 * 2.5, 10.00 - 0.5, 1.5 - 1.5, 0.1 + 0.2, -1.25 * 4, 2.50, 1e3, 1.5e-3, 123456789012345678901234567890 + 1",
            .identical),
        CompatibilityQuery(
            "SELECT 1.0 / 3, 10 / 4.0, 1 / 3.0, 2.00 / 7, 100.0 / 0.25, -7.5 / 2, 1 / 7.000000000000000000, 123456.789 / 0.001",
            .identical),
        CompatibilityQuery("SELECT 7.5 % 2, -7.5 % 2, 10.25 % 0.5, 10 % 3.0", .identical),
        CompatibilityQuery(
            "SELECT '1.10'::numeric, '  -0.50 '::numeric, '1e-5'::numeric, 5::numeric, 2.5::float8::numeric, 0.1::float8::numeric, (1/3.0::float8)::numeric, '007.10'::numeric",
            .identical),
        CompatibilityQuery(
            "SELECT 1.10 = 1.1, 1.10 < 2, 10.5 > 9, 2 > 1.99, 1.5 = 1.5::float8, 0.1::numeric = 0.1::float8, 1.0 IN (1, 2), 2.5 BETWEEN 2 AND 3",
            .identical),
        CompatibilityQuery(
            "SELECT round(2.5), round(-2.5), round(1.2345, 2), round(1.2355, 3), round(1234.5, -2), round(0.5), round(5, 1), trunc(1.999, 2), trunc(-1.5), ceil(1.2), ceil(-1.2), floor(-1.2), floor(1.0)",
            .identical),
        CompatibilityQuery(
            "SELECT abs(-1.50), -(1.50), - -2.5, 3.14::int, 2.5::int, (-2.5)::int, 1.99::float8, 12.345::numeric(5, 2), 12.345::numeric(4, 1), 0.5::numeric(1, 0)",
            .identical),
        CompatibilityQuery(
            "WITH t(x) AS (VALUES (1.10), (2.5), (NULL), (10), (-0.05)) SELECT sum(x), avg(x), min(x), max(x), count(x) FROM t",
            .identical),
        CompatibilityQuery(
            "WITH t(x) AS (VALUES (1.10), (2.5), (NULL), (10), (-0.05), (9.9)) SELECT x FROM t ORDER BY x",
            .identical),
        CompatibilityQuery(
            "WITH t(x) AS (VALUES (1.10), (2.5), (NULL), (10), (-0.05), (9.9)) SELECT x FROM t ORDER BY x DESC",
            .identical),
        CompatibilityQuery(
            "WITH t(x) AS (VALUES (1.10), (2.5), (10), (-0.05), (9.9)) SELECT x, x * 2, x + 0.001, x / 3 FROM t WHERE x > 2 ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "WITH t(g, x) AS (VALUES ('a', 1.10), ('a', 2.205), ('b', 3), ('b', NULL), ('c', 0.1)) SELECT g, sum(x), avg(x), max(x) - min(x) FROM t GROUP BY g ORDER BY g",
            .identical),
        CompatibilityQuery(
            "WITH t(x) AS (VALUES (1), (2), (4)) SELECT avg(x), sum(x), avg(x::int8), avg(x) * 3 FROM t",
            .identical),
        CompatibilityQuery(
            "WITH t(x) AS (VALUES (9223372036854775807::int8), (9223372036854775807::int8)) SELECT sum(x), avg(x) FROM t",
            .identical),
        CompatibilityQuery("SELECT sum(x), avg(x) FROM (VALUES (1.5), (2.5)) v(x) WHERE x > 100", .identical),
        CompatibilityQuery(
            "SELECT 1.5 + 1.5::float8, 2.5 * 2::float8, pg_typeof(1.5 + 1), pg_typeof(1.5 * 1.5::float8), pg_typeof(avg(1)), pg_typeof(sum(1::int8))",
            .identical),
        CompatibilityQuery("SELECT coalesce(NULL, 1.50), CASE WHEN true THEN 1.50 ELSE 2 END", .identical),
        CompatibilityQuery("SELECT 1.5 / 0", .identical),
        CompatibilityQuery("SELECT 'abc'::numeric", .identical),
        CompatibilityQuery("SELECT 123.45::numeric(4, 2)", .identical),
        CompatibilityQuery("SELECT 'NaN'::numeric", .refused),
        CompatibilityQuery("SELECT round(2.5::float8)", .identical),
        CompatibilityQuery("SELECT x FROM (VALUES (1.0), (1.00), (2)) v(x) WHERE x = 1 ORDER BY x", .identical),
        CompatibilityQuery(
            "SELECT -1.0 / 3, 1 / -3.0, 0.0 / 5, 5.5 % -2, 1.005 * 1000, 99999999999999999999.99 + 0.01, 0.000001 * 0.000001, 1 - 0.999999999999999999999",
            .identical),
        CompatibilityQuery(
            "SELECT x, count(*) FROM (VALUES (1.0), (1.00), (2)) v(x) GROUP BY 1 ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "SELECT count(*), count(DISTINCT x), sum(DISTINCT x) FROM (SELECT DISTINCT x FROM (VALUES (1.0), (1.00), (2), (2.0)) v(x)) s",
            .identical),
        CompatibilityQuery(
            "SELECT count(DISTINCT x), sum(DISTINCT x) FROM (VALUES (1.0), (1.00), (2), (2.0)) v(x)",
            .identical),
        CompatibilityQuery(
            "WITH v(x) AS (VALUES (10.5), (9), (1.25), (100)) SELECT x, row_number() OVER (ORDER BY x), lag(x) OVER (ORDER BY x) FROM v ORDER BY x",
            .identical),
    ]
}
