/// One query of the compatibility corpus and what Inlet must answer: exactly PostgreSQL's rows (or the same
/// SQLSTATE when PostgreSQL refuses it), or a refusal with 0A000 where SQLite cannot give PostgreSQL's answer.
struct CompatibilityQuery: Sendable, CustomStringConvertible {
    enum Expectation: Sendable {
        case identical
        case refused
    }

    var text: String
    var expectation: Expectation

    init(_ text: String, _ expectation: Expectation) {
        self.text = text
        self.expectation = expectation
    }

    var description: String { text }
}

/// Analytical queries over inline rows (a CTE of VALUES, so PostgreSQL and Inlet read the same data without a
/// load step): filters, aggregates, GROUP BY and HAVING, window functions, CTEs, joins, JSON extraction, casts,
/// NULL handling and ordering, and errors PostgreSQL reports.
enum CompatibilityCorpus {
    static let t =
        "WITH t(id, name, grp, score, note) AS (VALUES (1, 'alice', 'a', 10, 'x'), (2, 'bob', 'b', 20, NULL), "
        + "(3, 'Carol', 'a', NULL, 'y'), (4, 'dave', 'c', 40, 'z'), (5, 'eve', 'b', 5, NULL), "
        + "(6, 'Frank', NULL, 15, 'x')) "
    static let j =
        #"WITH j(doc) AS (VALUES ('{"a": 1, "b": "two", "c": true, "d": null, "e": [1, 2], "f": {"g": 1.5}}'::jsonb)) "#

    static let inline: [CompatibilityQuery] = [
        CompatibilityQuery("SELECT true, false, NULL::int IS NULL", .identical),
        CompatibilityQuery("SELECT 1 + 2 * 3, 7 / 2, 7 % 3, -7 / 2, 2147483647 + 0", .identical),
        CompatibilityQuery(
            "SELECT 'abc' LIKE 'a%', 'abc' LIKE 'A%', 'abc' ILIKE 'A%', 'abc' NOT LIKE '_b_'", .identical),
        CompatibilityQuery("\(t)SELECT id, name FROM t ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT id, score FROM t ORDER BY score", .identical),
        CompatibilityQuery("\(t)SELECT id, score FROM t ORDER BY score DESC", .identical),
        CompatibilityQuery("\(t)SELECT id, score FROM t ORDER BY score NULLS FIRST", .identical),
        CompatibilityQuery("\(t)SELECT grp, count(*) FROM t GROUP BY grp ORDER BY grp", .identical),
        CompatibilityQuery(
            "\(t)SELECT grp, count(score), sum(score), min(score), max(score) FROM t GROUP BY grp ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "\(t)SELECT grp, count(*) AS n FROM t GROUP BY grp HAVING count(*) > 1 ORDER BY n DESC, grp", .identical),
        CompatibilityQuery("\(t)SELECT count(*) FROM t WHERE score > 10", .identical),
        CompatibilityQuery("\(t)SELECT count(*) FROM t WHERE note IS NULL", .identical),
        CompatibilityQuery("\(t)SELECT name FROM t WHERE name LIKE '%a%' ORDER BY name", .identical),
        CompatibilityQuery("\(t)SELECT name FROM t WHERE name ILIKE '%A%' ORDER BY name", .identical),
        CompatibilityQuery("\(t)SELECT name FROM t WHERE name BETWEEN 'b' AND 'e' ORDER BY name", .identical),
        CompatibilityQuery("\(t)SELECT id FROM t WHERE id IN (1, 3, 5) ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT id FROM t WHERE id NOT IN (1, 3, 5) ORDER BY id", .identical),
        CompatibilityQuery(
            "\(t)SELECT id, CASE WHEN score >= 20 THEN 'high' WHEN score >= 10 THEN 'mid' ELSE 'low' END FROM t ORDER BY id",
            .identical),
        CompatibilityQuery(
            "\(t)SELECT id, CASE grp WHEN 'a' THEN 1 WHEN 'b' THEN 2 END FROM t ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT id, coalesce(score, 0), nullif(score, 10) FROM t ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT id, coalesce(note, 'none') FROM t ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT DISTINCT grp FROM t ORDER BY grp", .identical),
        CompatibilityQuery("\(t)SELECT count(DISTINCT grp) FROM t", .identical),
        CompatibilityQuery("\(t)SELECT id, row_number() OVER (ORDER BY score DESC) FROM t ORDER BY id", .identical),
        CompatibilityQuery(
            "\(t)SELECT id, rank() OVER (PARTITION BY grp ORDER BY score) FROM t ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT id, sum(score) OVER (PARTITION BY grp) FROM t ORDER BY id", .identical),
        CompatibilityQuery(
            "\(t)SELECT id, lag(score) OVER (ORDER BY id), lead(name) OVER (ORDER BY id) FROM t ORDER BY id", .identical
        ),
        CompatibilityQuery(
            "\(t)SELECT a.id, b.id FROM t a JOIN t b ON a.grp = b.grp AND a.id < b.id ORDER BY 1, 2", .identical),
        CompatibilityQuery("\(t)SELECT a.id, b.name FROM t a LEFT JOIN t b ON b.id = a.id + 10 ORDER BY 1", .identical),
        CompatibilityQuery(
            "\(t)SELECT id FROM t WHERE score > (SELECT avg(score::float8) FROM t) ORDER BY id", .identical),
        CompatibilityQuery(
            "\(t)SELECT id FROM t WHERE EXISTS (SELECT 1 FROM t u WHERE u.grp = t.grp AND u.id <> t.id) ORDER BY id",
            .identical),
        CompatibilityQuery(
            "\(t)SELECT id FROM t WHERE id IN (SELECT id FROM t WHERE score > 10) ORDER BY id", .identical),
        CompatibilityQuery(
            "\(t)SELECT id FROM t WHERE id = ANY (SELECT id FROM t WHERE score < 20) ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT upper(name), lower(name), length(name) FROM t ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT name || '-' || grp FROM t ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT id FROM t ORDER BY id LIMIT 2 OFFSET 1", .identical),
        CompatibilityQuery("\(t)SELECT id FROM t ORDER BY id FETCH FIRST 3 ROWS ONLY", .identical),
        CompatibilityQuery("\(t)SELECT id FROM t ORDER BY id OFFSET 4", .identical),
        CompatibilityQuery("\(t)SELECT grp FROM t UNION SELECT 'q' ORDER BY 1", .identical),
        CompatibilityQuery("\(t)SELECT grp FROM t UNION ALL SELECT 'q' ORDER BY 1", .identical),
        CompatibilityQuery("\(t)SELECT grp FROM t INTERSECT SELECT 'a' ORDER BY 1", .identical),
        CompatibilityQuery("\(t)SELECT grp FROM t EXCEPT SELECT 'a' ORDER BY 1", .identical),
        CompatibilityQuery("\(t)SELECT count(*) FILTER (WHERE score > 10), count(*) FROM t", .identical),
        CompatibilityQuery("\(t)SELECT bool_and(score > 0), bool_or(score > 30) FROM t", .identical),
        CompatibilityQuery("\(t)SELECT string_agg(name, ',') FROM (SELECT name FROM t ORDER BY id) s", .identical),
        CompatibilityQuery("\(t)SELECT score::text, id::float8, score::numeric FROM t ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT 1.5::int, 2.5::int, '42'::bigint, ' 7 '::int", .identical),
        CompatibilityQuery("\(t)SELECT id FROM t WHERE score IS DISTINCT FROM 10 ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT id FROM t WHERE note IS NOT DISTINCT FROM NULL ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT id, score > 10 FROM t ORDER BY id", .identical),
        CompatibilityQuery(
            "\(t)SELECT id, (score > 10) IS TRUE, (score > 10) IS UNKNOWN FROM t ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT max(name), min(grp) FROM t", .identical),
        CompatibilityQuery("\(t)SELECT sum(score) / count(score) FROM t", .identical),
        CompatibilityQuery(
            "\(t)SELECT id, score * 2 + 1 AS s2 FROM t WHERE score * 2 > 20 ORDER BY s2 DESC", .identical),
        CompatibilityQuery("\(t)SELECT grp AS g, count(*) FROM t GROUP BY g ORDER BY g NULLS FIRST", .identical),
        CompatibilityQuery(
            "\(t)SELECT x.grp, x.n FROM (SELECT grp, count(*) AS n FROM t GROUP BY grp) x WHERE x.n > 1 ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "\(t), u AS (SELECT grp, max(score) AS m FROM t GROUP BY grp) SELECT t.id FROM t JOIN u ON t.grp = u.grp AND t.score = u.m ORDER BY 1",
            .identical),
        CompatibilityQuery("\(t)SELECT * FROM t WHERE id = 2", .identical),
        CompatibilityQuery("\(t)SELECT t.* FROM t WHERE id = 3", .identical),
        CompatibilityQuery(
            "\(t)SELECT position('a' IN name), substring(name FROM 2 FOR 3), trim(both 'a' FROM name) FROM t ORDER BY id",
            .identical),
        CompatibilityQuery(
            "\(t)SELECT replace(name, 'a', 'A'), strpos(name, 'e'), btrim('  x  ') FROM t ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT abs(score - 20) FROM t ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT id, score FROM t ORDER BY score DESC NULLS LAST, id", .identical),
        CompatibilityQuery("\(j)SELECT doc->>'a', doc->>'b', doc->>'c', doc->>'d', doc->'f'->>'g' FROM j", .identical),
        CompatibilityQuery("\(j)SELECT doc->'b', doc->'e'->>0 FROM j", .identical),
        CompatibilityQuery("SELECT 'a' < 'b', 'B' < 'a'", .identical),
        CompatibilityQuery("SELECT 1 = 1.0, 3 > 2.5", .identical),
        CompatibilityQuery("SELECT 10 / 4, 10.0 / 4", .identical),
        CompatibilityQuery("SELECT 'text' = 1", .identical),
        CompatibilityQuery("SELECT nosuch", .identical),
        CompatibilityQuery("SELECT 1 WHERE 'a'", .identical),
        CompatibilityQuery("VALUES (1, 'a'), (2, 'b') ORDER BY 1 DESC", .identical),
        CompatibilityQuery("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v(n, s) WHERE n > 1", .identical),
        CompatibilityQuery("SELECT current_user = current_user", .identical),
        CompatibilityQuery("SELECT count(*) FROM (SELECT 1 UNION ALL SELECT 2) s", .identical),
        CompatibilityQuery("SELECT sum(x), avg(x::float8) FROM (VALUES (1), (2), (4)) v(x)", .identical),
        CompatibilityQuery("SELECT 1 AS a, 2 AS a", .identical),
        CompatibilityQuery("SELECT NULL", .identical),
        CompatibilityQuery("SELECT 'hello'", .identical),
        CompatibilityQuery("SELECT 'hello'::text", .identical),
        CompatibilityQuery("SELECT 5::bool, 0::bool", .identical),
        CompatibilityQuery("SELECT true::text, false::text", .identical),
        CompatibilityQuery("SELECT 2.50, 1.5 * 2", .identical),
        CompatibilityQuery("SELECT avg(x) FROM (VALUES (1), (2)) v(x)", .identical),
        CompatibilityQuery("\(t)SELECT grp, avg(score::float8) FROM t GROUP BY grp ORDER BY grp", .identical),
        CompatibilityQuery("\(t)SELECT id FROM t WHERE name = $$bob$$", .identical),
        CompatibilityQuery("\(t)SELECT id FROM t WHERE name = E'b\\x6fb'", .identical),
        CompatibilityQuery("\(t)SELECT grp, count(*) FROM t GROUP BY 1 ORDER BY 2 DESC, 1", .identical),
        CompatibilityQuery("\(t)SELECT id FROM t WHERE NOT (score > 10) ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT id FROM t WHERE score > 10 OR note = 'x' ORDER BY id", .identical),
        CompatibilityQuery(
            "\(t)SELECT id FROM t WHERE grp = 'a' AND (score > 5 OR score IS NULL) ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT (SELECT max(score) FROM t) - score FROM t ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT id, dense_rank() OVER (ORDER BY grp) FROM t ORDER BY id", .identical),
        CompatibilityQuery(
            "\(t)SELECT id, count(*) OVER (PARTITION BY grp ORDER BY id) FROM t ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT id FROM t ORDER BY name", .identical),
        CompatibilityQuery("\(t)SELECT id FROM t ORDER BY lower(name) DESC", .identical),
        CompatibilityQuery("\(t)SELECT name FROM t WHERE name LIKE '_a%' ORDER BY 1", .identical),
        CompatibilityQuery("\(t)SELECT name FROM t WHERE name NOT ILIKE '%e%' ORDER BY 1", .identical),
        CompatibilityQuery("\(t)SELECT count(*), count(note), count(DISTINCT note) FROM t", .identical),
        CompatibilityQuery(
            "\(t)SELECT a.id FROM t a CROSS JOIN t b WHERE a.id = b.id AND b.score > 10 ORDER BY 1", .identical),
        CompatibilityQuery("\(t)SELECT a.id, b.id FROM t a RIGHT JOIN t b ON a.id = b.id - 1 ORDER BY 2", .identical),
        CompatibilityQuery("\(t)SELECT a.id, b.id FROM t a FULL JOIN t b ON a.id = b.id + 4 ORDER BY 1, 2", .identical),
        CompatibilityQuery("\(t)SELECT grp FROM t GROUP BY grp HAVING sum(score) > 20 ORDER BY 1", .identical),
        CompatibilityQuery(
            "\(t)SELECT id, score FROM t WHERE score IN (SELECT max(score) FROM t GROUP BY grp) ORDER BY 1", .identical),
        CompatibilityQuery("\(t)SELECT * FROM t ORDER BY id DESC LIMIT 1", .identical),
        CompatibilityQuery("\(t)SELECT id, 'x' AS k FROM t ORDER BY id LIMIT 1", .identical),
        CompatibilityQuery("\(t)SELECT id + 0.5 FROM t", .identical),
        CompatibilityQuery("\(t)SELECT score::float8 / 3 FROM t ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT id FROM t WHERE score::text = '10'", .identical),
        CompatibilityQuery("\(t)SELECT id FROM t WHERE id::text LIKE '1%'", .identical),
        CompatibilityQuery("\(t)SELECT length(NULL::text), upper(NULL)", .identical),
        CompatibilityQuery("\(t)SELECT coalesce(NULL, NULL, 3)", .identical),
        CompatibilityQuery("SELECT 'a' || NULL, NULL || 'b'", .identical),
        CompatibilityQuery("SELECT 9223372036854775807", .identical),
        CompatibilityQuery("SELECT -2147483648", .identical),
        CompatibilityQuery("SELECT 1 WHERE NULL", .identical),
        CompatibilityQuery("SELECT x FROM (SELECT 1 AS x) s WHERE x = '1'", .identical),
        CompatibilityQuery("SELECT x FROM (SELECT 'a' AS x) s WHERE x = 1", .identical),
        CompatibilityQuery("SELECT CASE WHEN false THEN 1 ELSE 'x' END", .identical),
        CompatibilityQuery("SELECT CASE WHEN false THEN 1 ELSE '2' END", .identical),
        CompatibilityQuery(
            "\(t)SELECT id FROM t WHERE score >= ALL (SELECT score FROM t WHERE score IS NOT NULL)", .identical),
        CompatibilityQuery(
            "\(t)SELECT id, score > ANY (SELECT score FROM t WHERE grp = 'a') FROM t ORDER BY id", .identical),
        CompatibilityQuery(
            "\(t)SELECT id, score < ALL (SELECT score FROM t WHERE grp = 'b') FROM t ORDER BY id", .identical),
        CompatibilityQuery(
            "\(t)SELECT id, score = ANY (SELECT score FROM t WHERE false) FROM t ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT id, score <> ALL (SELECT score FROM t) FROM t ORDER BY id", .identical),
        CompatibilityQuery(
            "\(t)SELECT id, name = ANY (SELECT name FROM t u WHERE u.id > t.id) FROM t ORDER BY id", .identical),
        CompatibilityQuery(
            "\(t)SELECT grp, max(score) - min(score) AS spread FROM t WHERE grp IS NOT NULL GROUP BY grp ORDER BY spread DESC, grp",
            .identical),
        CompatibilityQuery("\(t)SELECT count(*) FROM t a JOIN t b ON a.score < b.score", .identical),
        CompatibilityQuery("\(t)SELECT id FROM t WHERE score NOT BETWEEN 10 AND 20 ORDER BY id", .identical),
        CompatibilityQuery(
            "\(t)SELECT id FROM t WHERE grp IN ('a', 'b') AND note IS NOT NULL ORDER BY id DESC", .identical),
        CompatibilityQuery(
            "\(t)SELECT coalesce(grp, '?') AS g, sum(score) FROM t GROUP BY coalesce(grp, '?') ORDER BY 1", .identical),
        CompatibilityQuery(
            "\(t)SELECT upper(substring(name FROM 1 FOR 1)) || lower(substring(name FROM 2)) FROM t ORDER BY id",
            .identical),
        CompatibilityQuery(
            "\(t)SELECT id, CASE WHEN note IS NULL THEN 'missing' ELSE note END FROM t ORDER BY id", .identical),
        CompatibilityQuery(
            "\(t)SELECT id FROM t WHERE lower(name) LIKE '%a%' AND score IS NOT NULL ORDER BY id", .identical),
        CompatibilityQuery(
            "\(t)SELECT grp, count(*) FILTER (WHERE note IS NULL) AS nulls FROM t GROUP BY grp ORDER BY grp NULLS FIRST",
            .identical),
        CompatibilityQuery("\(t)SELECT id, sum(score) OVER (ORDER BY id) FROM t ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT id, max(score) OVER (PARTITION BY grp) - score FROM t ORDER BY id", .identical),
        CompatibilityQuery(
            "\(t)SELECT id, row_number() OVER (PARTITION BY grp ORDER BY id DESC) FROM t ORDER BY id", .identical),
        CompatibilityQuery(
            "\(t)SELECT * FROM (SELECT id, rank() OVER (ORDER BY score DESC) AS r FROM t) x WHERE r <= 3 ORDER BY r, id",
            .identical),
        CompatibilityQuery(
            "\(t), top AS (SELECT id FROM t ORDER BY score DESC LIMIT 2) SELECT name FROM t WHERE id IN (SELECT id FROM top) ORDER BY name",
            .identical),
        CompatibilityQuery(
            "\(t), g AS (SELECT grp, count(*) AS n FROM t GROUP BY grp), h AS (SELECT max(n) AS m FROM g) SELECT grp FROM g, h WHERE n = m ORDER BY grp",
            .identical),
        CompatibilityQuery(
            "\(t)SELECT a.name, b.name FROM t a JOIN t b ON a.id + 1 = b.id WHERE a.grp = b.grp ORDER BY 1", .identical),
        CompatibilityQuery(
            "\(t)SELECT a.id, count(b.id) FROM t a LEFT JOIN t b ON b.grp = a.grp AND b.id <> a.id GROUP BY a.id ORDER BY a.id",
            .identical),
        CompatibilityQuery(
            "\(t)SELECT id FROM t WHERE NOT EXISTS (SELECT 1 FROM t u WHERE u.score > t.score) AND score IS NOT NULL",
            .identical),
        CompatibilityQuery(
            "\(t)SELECT (SELECT count(*) FROM t u WHERE u.grp = t.grp) AS peers FROM t ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT DISTINCT note FROM t ORDER BY note", .identical),
        CompatibilityQuery("\(t)SELECT DISTINCT note FROM t ORDER BY note DESC", .identical),
        CompatibilityQuery("\(t)SELECT id FROM t ORDER BY note NULLS FIRST, id", .identical),
        CompatibilityQuery("\(t)SELECT count(*) FROM t WHERE note = NULL", .identical),
        CompatibilityQuery("\(t)SELECT sum(score) FROM t WHERE false", .identical),
        CompatibilityQuery("\(t)SELECT count(*), max(name) FROM t WHERE false", .identical),
        CompatibilityQuery("\(t)SELECT length(name) AS l, count(*) FROM t GROUP BY l ORDER BY l", .identical),
        CompatibilityQuery("\(t)SELECT id::text || ':' || name FROM t ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT score / 3, score % 3 FROM t ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT id FROM t WHERE id % 2 = 0 ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT name FROM t WHERE name < 'c' ORDER BY name", .identical),
        CompatibilityQuery(#"\#(t)SELECT name FROM t ORDER BY name COLLATE "C""#, .identical),
        CompatibilityQuery("\(t)SELECT string_agg(grp, '') FROM t WHERE grp IS NOT NULL", .identical),
        CompatibilityQuery("\(t)SELECT nullif(grp, 'a') FROM t ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT id, score IS NULL OR score < 10 FROM t ORDER BY id", .identical),
        CompatibilityQuery("\(t)SELECT id, NOT (note IS NULL) FROM t ORDER BY id", .identical),
        CompatibilityQuery("\(j)SELECT doc->'f'->'g', doc->'e'->1, doc->>'missing' IS NULL FROM j", .identical),
        CompatibilityQuery("\(j)SELECT doc->'e'->>1, (doc->>'a')::int + 1 FROM j", .identical),
        CompatibilityQuery("SELECT trim('  padded  '), ltrim('xxabc', 'x'), rtrim('abcyy', 'y')", .identical),
        CompatibilityQuery(
            "SELECT replace('a-b-c', '-', '+'), strpos('hello', 'l'), position('z' IN 'abc')", .identical),
        CompatibilityQuery("SELECT 5 > 3 AND 2 > 1, 5 > 3 OR NULL, NULL AND false", .identical),
        CompatibilityQuery("SELECT 1 IN (1, NULL), 2 IN (1, NULL), 2 NOT IN (1, NULL)", .identical),
        CompatibilityQuery("SELECT CASE 1 WHEN 2 THEN 'two' WHEN 1 THEN 'one' END", .identical),
        CompatibilityQuery("SELECT -5 / 2, -5 % 2, 5 / -2", .identical),
        CompatibilityQuery("SELECT 2147483647 + 1", .identical),
        CompatibilityQuery("SELECT 'abc' || 1 || true::text", .identical),
        CompatibilityQuery("SELECT count(*) FROM (VALUES (1), (1), (2)) v(x) GROUP BY x ORDER BY 1", .identical),
        CompatibilityQuery(
            "SELECT x, count(*) FROM (VALUES ('a'), ('b'), ('a')) v(x) GROUP BY x HAVING count(*) > 1", .identical),
        CompatibilityQuery("SELECT 9223372036854775807 + 1", .identical),
        CompatibilityQuery("SELECT 2147483647 * 2::bigint", .identical),
        CompatibilityQuery("SELECT 1 / 0", .identical),
        CompatibilityQuery("SELECT 5 % 0", .identical),
        CompatibilityQuery("SELECT 1.5::float8 / 0", .identical),
        CompatibilityQuery("SELECT 7 / 2, 7 % 3, 1 / NULL::int", .identical),
        CompatibilityQuery(#"SELECT '\x00FF'::bytea, '\x'::bytea, 'ab\000\\c'::bytea, '\x 01 02'::bytea"#, .identical),
        CompatibilityQuery(
            #"SELECT * FROM (VALUES (1, '\xdead'::bytea), (2, NULL)) AS t(i, b) ORDER BY i"#, .identical),
        CompatibilityQuery(#"SELECT '\xg0'::bytea"#, .identical),
        CompatibilityQuery("SELECT 2.5::float8 AS x UNION ALL SELECT NULL UNION ALL SELECT 1", .identical),
        CompatibilityQuery("SELECT NULL AS a, 1 AS b UNION SELECT true, 2 ORDER BY b", .identical),
        CompatibilityQuery("SELECT NULL UNION ALL SELECT NULL", .identical),
        CompatibilityQuery(#"SELECT '\x0'::bytea"#, .identical),
        CompatibilityQuery(#"SELECT 'a\9'::bytea"#, .identical),
    ]
}
