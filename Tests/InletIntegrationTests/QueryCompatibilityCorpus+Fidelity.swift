/// Where SQLite's answer used to differ from PostgreSQL's: set operations deduplicating by value, jsonb's order and
/// equality, integer input and overflow, rounding of floats, object identifiers ordered by oid, window frames and
/// the window functions beside them, recursive WITH queries; and what stays refused (GROUPING SETS, ROLLUP).
extension CompatibilityCorpus {
    static let kinds =
        #"WITH k(doc) AS (VALUES ('[1]'::jsonb), ('{"a": 1}'), ('2'), ('[]'), ('null'), ('"s"'), ('true'), "#
        + #"('[1, 2]'), ('{}'), ('{"b": 1, "a": 2}'), ('1.0'), ('[true]'), ('{"a": "x"}')) "#

    static let fidelity: [CompatibilityQuery] = [
        // UNION, INTERSECT and EXCEPT compare numerics, intervals and dates by value, in their common type.
        CompatibilityQuery("SELECT count(*) FROM (SELECT 1.0 UNION SELECT 1.00 UNION SELECT 2) s", .identical),
        CompatibilityQuery("SELECT 1 UNION SELECT 1.0 ORDER BY 1", .identical),
        CompatibilityQuery("SELECT 1 UNION SELECT 2.5 UNION SELECT 1.0 ORDER BY 1", .identical),
        CompatibilityQuery("SELECT x FROM (VALUES (1.5), (2.0)) v(x) EXCEPT SELECT 1.50 ORDER BY 1", .identical),
        CompatibilityQuery(
            "SELECT count(*) FROM (SELECT x FROM (VALUES (1.5), (2.0)) v(x) INTERSECT SELECT 2) s", .identical),
        CompatibilityQuery(
            "SELECT count(*) FROM (SELECT interval '1 day' UNION SELECT interval '24 hours') s", .identical),
        CompatibilityQuery("SELECT interval '1 day' EXCEPT SELECT interval '24:00:00'", .identical),
        CompatibilityQuery("SELECT date '2024-01-05' UNION SELECT timestamp '2024-01-05 00:00' ORDER BY 1", .identical),
        CompatibilityQuery(
            "SELECT date '2024-01-05' UNION ALL SELECT timestamp '2024-01-05 10:00' ORDER BY 1", .identical),
        CompatibilityQuery("SELECT 1 UNION ALL SELECT 2.50 ORDER BY 1", .identical),
        CompatibilityQuery(
            "SELECT x FROM (VALUES (1), (1), (1), (2), (NULL), (NULL)) v(x) INTERSECT ALL "
                + "SELECT y FROM (VALUES (1), (1), (3), (NULL)) w(y) ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "SELECT x FROM (VALUES (1), (1), (1), (2), (NULL), (NULL)) v(x) EXCEPT ALL "
                + "SELECT y FROM (VALUES (1), (3), (NULL)) w(y) ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "SELECT count(*) FROM (SELECT x FROM (VALUES (1.0), (1.00), (2)) v(x) EXCEPT ALL SELECT 1) s", .identical),
        CompatibilityQuery("SELECT 1 AS a, 2 AS a INTERSECT ALL SELECT 1, 2", .identical),
        CompatibilityQuery(
            "SELECT CASE WHEN x > 1 THEN date '2024-01-05' ELSE timestamp '2024-01-05 10:00' END "
                + "FROM (VALUES (1), (2)) v(x) ORDER BY x",
            .identical),
        // jsonb: PostgreSQL's order and equality (numbers by value).
        CompatibilityQuery(#"SELECT '1.0'::jsonb = '1'::jsonb, '[1, 2.0]'::jsonb = '[1.00, 2]'::jsonb"#, .identical),
        CompatibilityQuery("\(kinds)SELECT doc FROM k ORDER BY doc, doc::text", .identical),
        CompatibilityQuery("\(kinds)SELECT doc FROM k ORDER BY doc DESC, doc::text", .identical),
        CompatibilityQuery("\(kinds)SELECT count(DISTINCT doc), count(*) FROM k", .identical),
        CompatibilityQuery(
            #"SELECT '[]'::jsonb < 'null'::jsonb, '5'::jsonb < '[true]'::jsonb, '{"a": 1}'::jsonb > '[1, 2, 3]'::jsonb, "#
                + #"'"b"'::jsonb >= '"a"'::jsonb, '{"b": 1}'::jsonb < '{"aa": 0}'::jsonb"#,
            .identical),
        CompatibilityQuery(
            #"SELECT d, count(*) FROM (VALUES ('1'::jsonb), ('"x"'), ('1'), ('[2]')) v(d) GROUP BY d ORDER BY d"#,
            .identical),
        CompatibilityQuery(
            "\(kinds)SELECT doc, rank() OVER (ORDER BY doc) FROM k WHERE jsonb_typeof(doc) <> 'number' ORDER BY 2",
            .identical),
        // Integer input and overflow are PostgreSQL's errors.
        CompatibilityQuery("SELECT '2147483648'::int", .identical),
        CompatibilityQuery("SELECT '40000'::smallint", .identical),
        CompatibilityQuery("SELECT '99999999999999999999'::bigint", .identical),
        CompatibilityQuery("SELECT '-2147483648'::int, '+7'::int, '32767'::int2", .identical),
        CompatibilityQuery("SELECT abs(-2147483648)", .identical),
        CompatibilityQuery("SELECT (-2147483648)::int / -1", .identical),
        CompatibilityQuery("SELECT 9223372036854775807 * 2", .identical),
        CompatibilityQuery("SELECT sum(x) FROM (VALUES (2147483647), (1)) v(x)", .identical),
        CompatibilityQuery("SELECT 32767::int2 + 1::int2", .identical),
        CompatibilityQuery("SELECT 100::int2 * 400::int2", .identical),
        CompatibilityQuery("SELECT 40000::int2", .identical),
        CompatibilityQuery("SELECT 3000000000::int4", .identical),
        CompatibilityQuery("SELECT -9223372036854775808::int8 / -1", .identical),
        CompatibilityQuery(
            "SELECT 9223372036854775807::numeric::int8, 2147483647.4::int4, (-2147483648.4)::int4", .identical),
        CompatibilityQuery("SELECT 1e10::float8::int4", .identical),
        CompatibilityQuery(
            "SELECT '1.5'::float8::int, '2.5'::float8::int, (-2.5)::float8::int, 2.5::numeric::int, 3.5::float8::int2",
            .identical),
        CompatibilityQuery("SELECT 1e300::float8 * 1e300::float8", .identical),
        CompatibilityQuery("SELECT 2 ^ 10, pg_typeof(2 ^ 10), 2 ^ 0.5::float8, (-8) ^ 2, 0 ^ 0, 2 ^ -1", .identical),
        CompatibilityQuery("SELECT 0 ^ -1", .identical),
        CompatibilityQuery("SELECT 2.0 ^ 2", .refused),
        CompatibilityQuery("\(t)SELECT id FROM t ORDER BY id LIMIT -1", .identical),
        CompatibilityQuery("\(t)SELECT id FROM t ORDER BY id OFFSET -2", .identical),
        CompatibilityQuery("\(t)SELECT id FROM t ORDER BY id LIMIT NULL OFFSET NULL", .identical),
        CompatibilityQuery("\(t)SELECT id FROM t ORDER BY id LIMIT 2.5::float8", .identical),
        // Text functions as PostgreSQL counts characters and NULLs.
        CompatibilityQuery(
            "SELECT substring('hello' FROM -1 FOR 3), substring('hello' FROM 0 FOR 2), substring('hello' FROM -3), "
                + "substring('hello', 0, 3), substr('hello', -1, 3), substr('hello', 2)",
            .identical),
        CompatibilityQuery("SELECT substring('hello' FROM 2 FOR -1)", .identical),
        CompatibilityQuery(
            "SELECT left('héllo', -2), right('héllo', -2), left('ab', 5), repeat('x', 0), repeat('ab', 3), reverse('héllo')",
            .identical),
        CompatibilityQuery(
            "SELECT concat(NULL), concat('a', 1, 2.50), concat_ws(NULL, 'a'), concat_ws(', ', 'x', NULL, 'y')",
            .identical),
        CompatibilityQuery(
            "SELECT greatest(1, NULL, 3), least(NULL::int, NULL), greatest(1.5, 2), least('b', 'a', NULL), "
                + "greatest(date '2024-01-01', timestamp '2024-01-01 10:00'), greatest(interval '1 day', interval '23 hours')",
            .identical),
        CompatibilityQuery("\(t)SELECT id, greatest(score, id * 5), least(note, name) FROM t ORDER BY id", .identical),
        // Floats round half to even.
        CompatibilityQuery(
            "SELECT round(2.5::float8), round(3.5::float8), round(-2.5::float8), trunc(-2.7::float8), "
                + "ceil(2.1::float8), floor(-2.1::float8), round(5), ceiling(0.5::float8)",
            .identical),
        CompatibilityQuery("SELECT pg_typeof(round(5)), pg_typeof(round(1.5)), round(1.5)", .identical),
        CompatibilityQuery("SELECT round(2.5::float8, 1)", .identical),
        // Object identifiers compare and order by oid.
        CompatibilityQuery(
            "SELECT 'pg_class'::regclass < 'pg_type'::regclass, 'int4'::regtype > 'text'::regtype", .identical),
        CompatibilityQuery(
            "SELECT c.oid::regclass FROM pg_catalog.pg_class c WHERE c.relname IN ('pg_type', 'pg_class', "
                + "'pg_namespace', 'pg_attribute') ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "SELECT t.oid::regtype FROM pg_catalog.pg_type t WHERE t.typname IN ('text', 'int4', 'bool', 'jsonb') "
                + "ORDER BY t.oid::regtype DESC",
            .identical),
        // NULLs in window orderings.
        CompatibilityQuery(
            "SELECT x, rank() OVER (ORDER BY x DESC), row_number() OVER (ORDER BY x NULLS FIRST) "
                + "FROM (VALUES (NULL::int), (1), (3)) v(x) ORDER BY x NULLS FIRST",
            .identical),
        // Window frames and the other window functions.
        CompatibilityQuery(
            "\(t)SELECT id, sum(score) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM t ORDER BY id",
            .identical),
        CompatibilityQuery(
            "\(t)SELECT id, count(score) OVER (ORDER BY score RANGE BETWEEN 5 PRECEDING AND 5 FOLLOWING) FROM t ORDER BY id",
            .identical),
        CompatibilityQuery(
            "\(t)SELECT id, first_value(name) OVER w, last_value(name) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING "
                + "AND UNBOUNDED FOLLOWING) FROM t WINDOW w AS (ORDER BY id) ORDER BY id",
            .identical),
        CompatibilityQuery(
            "\(t)SELECT id, ntile(3) OVER (ORDER BY id), percent_rank() OVER (ORDER BY id), cume_dist() OVER (ORDER BY grp) "
                + "FROM t ORDER BY id",
            .identical),
        CompatibilityQuery("\(t)SELECT id, lag(score, 2, -1) OVER (ORDER BY id) FROM t ORDER BY id", .identical),
        CompatibilityQuery(
            "\(t)SELECT id, avg(score) OVER (PARTITION BY grp), avg(score) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING "
                + "AND CURRENT ROW), avg(id) FILTER (WHERE score > 10) OVER () FROM t ORDER BY id",
            .identical),
        CompatibilityQuery(
            "SELECT x, avg(x) OVER (ORDER BY x) FROM (VALUES (NULL::int), (1), (2), (4)) v(x) ORDER BY x", .identical),
        CompatibilityQuery(
            "\(t)SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN -1 PRECEDING AND CURRENT ROW) FROM t", .identical),
        CompatibilityQuery(
            "\(t)SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED FOLLOWING AND CURRENT ROW) FROM t",
            .identical),
        CompatibilityQuery(
            "\(t)SELECT id, max(id) OVER (ORDER BY name RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t", .identical),
        // AT TIME ZONE a region: its offsets and daylight saving changes, read as PostgreSQL reads them.
        CompatibilityQuery(
            "SELECT timestamp '2024-07-05 10:00' AT TIME ZONE 'America/New_York', "
                + "timestamptz '2024-07-05 10:00+00' AT TIME ZONE 'Asia/Tokyo', "
                + "timestamp '2024-03-31 02:30' AT TIME ZONE 'Europe/Oslo', timestamp '2024-10-27 02:30' AT TIME ZONE 'Europe/Oslo', "
                + "timestamp '2024-11-03 01:30' AT TIME ZONE 'America/New_York'",
            .identical),
        CompatibilityQuery("SELECT timestamp '2024-01-05' AT TIME ZONE 'Nowhere/Land'", .identical),
        // Recursive WITH queries.
        CompatibilityQuery(
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT n, n * n FROM r ORDER BY n",
            .identical),
        CompatibilityQuery(
            "WITH RECURSIVE r(n, f) AS (SELECT 1, 1::bigint UNION ALL SELECT n + 1, f * (n + 1) FROM r WHERE n < 10) "
                + "SELECT max(f) FROM r",
            .identical),
        CompatibilityQuery(
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT n % 3 + 1 FROM r) SELECT n FROM r ORDER BY n", .identical),
        CompatibilityQuery(
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1.5 FROM r WHERE n < 5) SELECT n FROM r", .identical),
        // Set-returning functions of a SELECT list run in lockstep; array_agg keeps its ORDER BY.
        CompatibilityQuery("SELECT unnest(ARRAY[1, 2, 3]), unnest(ARRAY['a', 'b'])", .identical),
        CompatibilityQuery(
            "SELECT unnest(ARRAY[10, 20]) AS v, generate_subscripts(ARRAY[10, 20], 1) AS i ORDER BY i", .identical),
        CompatibilityQuery(
            "SELECT array_agg(x ORDER BY x DESC), array_agg(y ORDER BY x), array_agg(x) FILTER (WHERE x > 1) "
                + "FROM (VALUES (1, 'a'), (3, 'b'), (2, NULL)) v(x, y)",
            .identical),
        CompatibilityQuery("\(t)SELECT grp, array_agg(name ORDER BY id) FROM t GROUP BY grp ORDER BY grp", .identical),
        CompatibilityQuery("SELECT array_agg(x) IS NULL FROM (VALUES (1)) v(x) WHERE false", .identical),
        CompatibilityQuery(
            #"SELECT jsonb_object_keys('{"b": 1, "a": 2}') AS k, jsonb_array_elements_text('[5, 6, 7]') AS e ORDER BY e"#,
            .identical),
        // GROUPING SETS, ROLLUP and CUBE: one GROUP BY per grouping set.
        CompatibilityQuery("\(t)SELECT grp, count(*) FROM t GROUP BY ROLLUP (grp) ORDER BY 1", .identical),
        CompatibilityQuery("\(t)SELECT grp, count(*) FROM t GROUP BY GROUPING SETS ((grp), ()) ORDER BY 1", .identical),
        CompatibilityQuery(
            "\(t)SELECT grp, note, count(*), sum(score), grouping(grp, note) FROM t GROUP BY ROLLUP (grp, note) "
                + "ORDER BY 1, 2, 5",
            .identical),
        CompatibilityQuery(
            "\(t)SELECT grp, note, count(*), grouping(grp), grouping(note) FROM t GROUP BY CUBE (grp, note) "
                + "ORDER BY 4, 5, 1, 2",
            .identical),
        CompatibilityQuery(
            "\(t)SELECT grp, note, count(*) FROM t GROUP BY grp, ROLLUP (note) ORDER BY 1, 2", .identical),
        CompatibilityQuery("\(t)SELECT grp, count(grp) FROM t GROUP BY ROLLUP (grp) ORDER BY 1", .identical),
        CompatibilityQuery(
            "\(t)SELECT grp, max(name) FROM t GROUP BY ROLLUP (grp) HAVING count(*) > 1 ORDER BY 1", .identical),
        CompatibilityQuery(
            "\(t)SELECT upper(grp) AS g, count(*) FROM t GROUP BY ROLLUP (upper(grp)) ORDER BY 1", .identical),
        CompatibilityQuery("\(t)SELECT count(*) FROM t GROUP BY ()", .identical),
    ]
}
