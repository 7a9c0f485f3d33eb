/// Queries the query parser must read: the analytical shapes users write, and what psql, pgjdbc and SQLAlchemy
/// send to inspect a database (their query texts, with literal values where the tools interpolate them).
enum QueryCorpus {
    static let basics: [String] = [
        "SELECT 1",
        "SELECT",
        "SELECT 1;",
        "select a, b from t",
        "SELECT * FROM t",
        "SELECT t.* FROM t",
        "SELECT s.t.a, t.b FROM s.t",
        #"SELECT "Mixed Case", "select" FROM "My Table""#,
        "SELECT a AS x, b y, c AS \"Z\" FROM t",
        "SELECT DISTINCT a FROM t",
        "SELECT DISTINCT ON (a, b) a, b, c FROM t ORDER BY a, b, c DESC",
        "SELECT ALL a FROM t",
        "SELECT a FROM t WHERE a > 1 AND b < 2 OR c = 3",
        "SELECT a, count(*) FROM t GROUP BY a HAVING count(*) > 1",
        "SELECT a, b, sum(c) FROM t GROUP BY 1, 2 ORDER BY 3 DESC NULLS LAST",
        "SELECT a FROM t ORDER BY a ASC NULLS FIRST, b DESC",
        "SELECT a FROM t LIMIT 10",
        "SELECT a FROM t LIMIT 10 OFFSET 20",
        "SELECT a FROM t OFFSET 5",
        "SELECT a FROM t LIMIT ALL",
        "SELECT a FROM t OFFSET 5 ROWS FETCH FIRST 10 ROWS ONLY",
        "SELECT a FROM t FETCH NEXT ROW ONLY",
        "SELECT a FROM t ORDER BY a FETCH FIRST 3 ROWS WITH TIES",
        "SELECT a FROM t LIMIT $1 OFFSET $2",
        "VALUES (1, 'a'), (2, 'b')",
        "VALUES (1) ORDER BY 1 LIMIT 1",
        "TABLE t",
        "TABLE public.t",
        "SELECT 1 UNION SELECT 2",
        "SELECT 1 UNION ALL SELECT 2 UNION SELECT 3",
        "SELECT 1 UNION SELECT 2 INTERSECT SELECT 3",
        "SELECT 1 EXCEPT SELECT 2 EXCEPT ALL SELECT 3",
        "(SELECT 1 UNION SELECT 2) INTERSECT SELECT 3",
        "(SELECT a FROM t ORDER BY a LIMIT 1) UNION ALL (SELECT b FROM u ORDER BY b LIMIT 1)",
        "SELECT a FROM t UNION SELECT b FROM u ORDER BY 1 LIMIT 5",
        "((SELECT 1))",
        "SELECT FROM t",
        "WITH x AS (SELECT 1 AS a) SELECT a FROM x",
        "WITH x(a, b) AS (SELECT 1, 2), y AS MATERIALIZED (SELECT * FROM x) SELECT * FROM y",
        "WITH z AS NOT MATERIALIZED (SELECT 1) TABLE z",
        """
        WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10)
        SELECT sum(n) FROM r
        """,
        "WITH a AS (WITH b AS (SELECT 1) SELECT * FROM b) SELECT * FROM a",
    ]

    static let from: [String] = [
        "SELECT * FROM a, b WHERE a.id = b.id",
        "SELECT * FROM a JOIN b ON a.id = b.id",
        "SELECT * FROM a INNER JOIN b USING (id)",
        "SELECT * FROM a LEFT JOIN b ON a.id = b.id LEFT OUTER JOIN c ON c.id = b.id",
        "SELECT * FROM a RIGHT JOIN b ON true FULL OUTER JOIN c USING (x, y)",
        "SELECT * FROM a CROSS JOIN b",
        "SELECT * FROM a NATURAL JOIN b NATURAL LEFT JOIN c",
        "SELECT * FROM a AS x(c1, c2) JOIN b y ON x.c1 = y.c1",
        "SELECT * FROM (SELECT 1 AS a) AS s",
        "SELECT * FROM (SELECT 1 AS a) s(b)",
        "SELECT * FROM (VALUES (1, 2), (3, 4)) AS v(a, b)",
        "SELECT * FROM t, LATERAL (SELECT * FROM u WHERE u.t_id = t.id LIMIT 1) l",
        "SELECT * FROM generate_series(1, 10) AS g(i)",
        "SELECT * FROM unnest(ARRAY[1, 2, 3]) WITH ORDINALITY AS u(v, n)",
        "SELECT * FROM t CROSS JOIN LATERAL jsonb_array_elements(t.doc -> 'items') AS e(item)",
        "SELECT * FROM (a JOIN b ON a.id = b.id) JOIN c ON c.id = a.id",
        "SELECT * FROM a JOIN (b JOIN c ON b.id = c.id) ON a.id = b.id",
        "SELECT * FROM (a JOIN b USING (id)) AS j",
        "SELECT * FROM ((SELECT 1 AS a) s JOIN (SELECT 1 AS a) r USING (a))",
        "SELECT * FROM ((SELECT 1) UNION (SELECT 2)) AS u(x)",
        "SELECT * FROM ONLY t",
        #"SELECT * FROM "public"."Events" e WHERE e."Id" = 1"#,
        "SELECT * FROM pg_catalog.pg_class c WHERE c.relkind = 'r'",
    ]

    static let expressions: [String] = [
        "SELECT 1 + 2 * 3 - 4 / 5 % 6",
        "SELECT -2 ^ 2, 2 ^ 3 ^ 2, -a, +b, - -c",
        "SELECT a * -1, a<-1, a*-b",
        "SELECT a::int + 1, '1'::numeric(10,2), x::text[], y::timestamp with time zone",
        "SELECT CAST(a AS double precision), CAST(b AS character varying(20)), CAST(c AS int ARRAY)",
        "SELECT a::timestamp(3) without time zone, b::time with time zone, c::interval day to second(3)",
        "SELECT a::bigint, b::smallint, c::real, d::float(10), e::float(40), f::decimal(5), g::boolean, h::char",
        "SELECT a::bit varying(8), b::national character varying(3), c::\"char\", d::pg_catalog.regclass",
        "SELECT DATE '2024-01-01', INTERVAL '1 day', TIMESTAMP '2024-01-01 00:00:00', TIME '12:00'",
        "SELECT TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00', INTERVAL '1' DAY, INTERVAL '2' HOUR TO MINUTE",
        "SELECT int4 '1', text 'x', jsonb '{\"a\": 1}', bool 't', char 'x', varchar(3) 'abc'",
        "SELECT 'it''s', E'a\\nb\\x41\\101\\u00e9', $$dollar 'quoted'$$, $tag$with $$ inside$tag$",
        "SELECT 42, 3.5, 1e5, .5, 1.5e-3, 5., 0.0",
        "SELECT true, false, NULL, TRUE AND NOT FALSE",
        "SELECT $1, $2::int, $3[1]",
        "SELECT a IS NULL, b IS NOT NULL, c ISNULL, d NOTNULL",
        "SELECT a IS TRUE, b IS NOT FALSE, c IS UNKNOWN, d IS NOT UNKNOWN",
        "SELECT a IS DISTINCT FROM b, a IS NOT DISTINCT FROM NULL",
        "SELECT a BETWEEN 1 AND 10, b NOT BETWEEN SYMMETRIC 10 AND 1, c BETWEEN ASYMMETRIC 1 AND 2",
        "SELECT a IN (1, 2, 3), b NOT IN ('x', 'y'), c IN (SELECT id FROM u), d NOT IN (SELECT 1)",
        "SELECT a LIKE 'x%', b NOT LIKE '%y', c ILIKE 'Z%' ESCAPE '!', d NOT ILIKE e, f SIMILAR TO 'a|b'",
        "SELECT a ~ '^x', b ~* 'y', c !~ 'z', d !~* 'w', e != f, g <> h, i <= j, k >= l",
        "SELECT doc -> 'a', doc ->> 'b', doc #> '{a,b}', doc #>> '{a,b}', doc @> '{\"a\": 1}', '{}' <@ doc",
        "SELECT doc ? 'a', doc ?| ARRAY['a', 'b'], doc ?& ARRAY['c'], a || b || 'c', arr && brr",
        "SELECT x = ANY (ARRAY[1, 2]), y <> ALL ('{1,2}'::int[]), z = SOME (SELECT 1), w > ANY ($1)",
        "SELECT EXISTS (SELECT 1 FROM u WHERE u.id = t.id), NOT EXISTS (SELECT 1)",
        "SELECT (SELECT max(b) FROM u), (SELECT 1) + 1, ((SELECT 2)) * 3",
        "SELECT ((SELECT 1) + 1)",
        "SELECT ARRAY[1, 2, 3], ARRAY[[1, 2], [3, 4]], ARRAY[]::int[], ARRAY(SELECT id FROM u ORDER BY id)",
        "SELECT a[1], a[1:2], a[:3], a[2:], (ARRAY[1, 2])[1], b[1][2]",
        "SELECT ROW(1, 'a'), ROW(), (1, 2, 3), (t.*)::text",
        "SELECT (x).f, (t.composite).*, (f(x)).g, ((a)).b",
        "SELECT coalesce(a, b, 0), nullif(a, ''), greatest(1, 2), least(a, b)",
        "SELECT EXTRACT(YEAR FROM ts), extract(epoch from ts), EXTRACT('month' FROM d)",
        "SELECT POSITION('x' IN s), position(a || 'b' IN c)",
        "SELECT SUBSTRING(s FROM 2 FOR 3), substring(s from 2), substring(s for 2), substring(s, 1, 2)",
        "SELECT TRIM(s), TRIM(BOTH 'x' FROM s), trim(leading from s), TRIM(TRAILING ' ' FROM s), trim(s, 'x')",
        "SELECT CURRENT_DATE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP(3), LOCALTIMESTAMP, LOCALTIME, CURRENT_TIME",
        "SELECT CURRENT_USER, SESSION_USER, USER, CURRENT_ROLE, CURRENT_CATALOG, CURRENT_SCHEMA, current_schema()",
        "SELECT ts AT TIME ZONE 'UTC', ts AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/Paris'",
        #"SELECT name COLLATE "C", name COLLATE pg_catalog.default < 'b'"#,
        "SELECT CASE WHEN a > 0 THEN 'pos' WHEN a < 0 THEN 'neg' ELSE 'zero' END",
        "SELECT CASE a WHEN 1 THEN 'one' WHEN 2 THEN 'two' END",
        "SELECT count(*), count(DISTINCT a), count(ALL b), sum(x) FILTER (WHERE x > 0)",
        "SELECT string_agg(name, ', ' ORDER BY name DESC), array_agg(DISTINCT a ORDER BY a)",
        "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x), mode() WITHIN GROUP (ORDER BY y DESC)",
        "SELECT row_number() OVER (), rank() OVER (PARTITION BY a ORDER BY b DESC)",
        "SELECT sum(x) OVER (ORDER BY t ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
        "SELECT avg(x) OVER (PARTITION BY g ORDER BY t RANGE BETWEEN INTERVAL '1 day' PRECEDING AND CURRENT ROW)",
        "SELECT sum(x) OVER (ROWS 3 PRECEDING), sum(x) OVER (GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE TIES)",
        "SELECT sum(x) OVER (ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING EXCLUDE NO OTHERS)",
        "SELECT sum(x) OVER w, avg(x) OVER (w ORDER BY y) FROM t WINDOW w AS (PARTITION BY g)",
        "SELECT lag(x, 1) OVER w, lead(x) OVER w FROM t WINDOW w AS (ORDER BY ts), v AS (w ROWS 1 PRECEDING)",
        "SELECT count(*) FILTER (WHERE ok) OVER (PARTITION BY g)",
        "SELECT pg_catalog.now(), now()::date, now() - INTERVAL '1 hour', date_trunc('day', ts)",
        "SELECT a OPERATOR(pg_catalog.~) '^x', OPERATOR(pg_catalog.-) 1, b OPERATOR(pg_catalog.=) c",
        "SELECT |/ 25, @ -5, ~ 5, 5 & 3 | 2 # 1, 1 << 2 >> 1",
        "SELECT a + b::int * c, (a + b)::int * c, -a::int, -a[1]",
        "SELECT NOT a IS NULL, NOT a AND b, a = NOT b",
        "SELECT a = b IS NULL, (a IS NULL) IS NULL, a IS NULL IS NOT NULL",
        "SELECT x FROM t WHERE (a, b) = (1, 2) AND (a, b) IN ((1, 2), (3, 4))",
        "SELECT x FROM t WHERE a = 1 AND (b = 2 OR c = 3) AND NOT (d = 4 OR e = 5)",
        "SELECT 'a' || 1 || true, 1 + 2 || 'x', 'x' LIKE 'a' || '%'",
        "SELECT a -- comment\n, /* block /* nested */ */ b FROM t",
        "SELECT \"select\".\"from\" FROM \"select\"",
        "SELECT t.order, t.user FROM t",
        "SELECT 1 AS select, 2 AS from, 3 AS \"end\"",
        "SELECT position, time, interval, values FROM t",
        "SELECT left(s, 2), right(s, 3), replace(s, 'a', 'b')",
        "SELECT doc->>'user_id' AS user_id, (doc->'amount')::numeric AS amount FROM events",
        "SELECT date_trunc('hour', ts) AS h, count(*) FROM events WHERE ts >= now() - INTERVAL '1 day' GROUP BY 1",
        "SELECT COALESCE(SUM(amount), 0)::numeric(12,2) FROM orders WHERE status IN ('paid', 'shipped')",
        "SELECT user_id, amount, sum(amount) OVER (PARTITION BY user_id ORDER BY ts) AS running FROM orders",
        "SELECT * FROM orders o WHERE o.amount > (SELECT avg(amount) FROM orders i WHERE i.user_id = o.user_id)",
        "SELECT user_id FROM orders GROUP BY user_id HAVING count(DISTINCT product_id) >= 3 ORDER BY user_id",
        "SELECT ts::date AS day, count(*) FILTER (WHERE status = 'failed') * 100.0 / count(*) AS pct FROM jobs GROUP BY 1",
        "SELECT x FROM t WHERE ts BETWEEN '2024-01-01'::date AND '2024-02-01'::date - 1",
        "SELECT x FROM t WHERE name ILIKE ANY (ARRAY['%a%', '%b%'])",
        "SELECT x FROM t WHERE tags @> ARRAY['x']::text[] AND doc ? 'k'",
    ]

    /// psql 15: `\d`, `\dt`, `\dv`, `\d rel`, `\dn`, `\l` and the footers of `\d rel`.
    static let psql: [String] = [
        """
        SELECT n.nspname as "Schema",
          c.relname as "Name",
          CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
          pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
        FROM pg_catalog.pg_class c
             LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
        WHERE c.relkind IN ('r','p','v','m','S','f','')
              AND n.nspname <> 'pg_catalog'
              AND n.nspname !~ '^pg_toast'
              AND n.nspname <> 'information_schema'
          AND pg_catalog.pg_table_is_visible(c.oid)
        ORDER BY 1,2;
        """,
        """
        SELECT c.oid,
          n.nspname,
          c.relname
        FROM pg_catalog.pg_class c
             LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relname OPERATOR(pg_catalog.~) '^(events)$' COLLATE pg_catalog.default
          AND pg_catalog.pg_table_is_visible(c.oid)
        ORDER BY 2, 3;
        """,
        """
        SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, pg_catalog.array_to_string(c.reloptions || array(select 'toast.' || x from pg_catalog.unnest(tc.reloptions) x), ', ')
        , c.reltablespace, CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, c.relpersistence, c.relreplident, am.amname
        FROM pg_catalog.pg_class c
         LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)
        LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)
        WHERE c.oid = '16384';
        """,
        """
        SELECT a.attname,
          pg_catalog.format_type(a.atttypid, a.atttypmod),
          (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)
           FROM pg_catalog.pg_attrdef d
           WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),
          a.attnotnull,
          (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t
           WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation,
          a.attidentity,
          a.attgenerated
        FROM pg_catalog.pg_attribute a
        WHERE a.attrelid = '16384' AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum;
        """,
        """
        SELECT pubname
             , NULL
             , NULL
        FROM pg_catalog.pg_publication p
             JOIN pg_catalog.pg_publication_namespace pn ON p.oid = pn.pnpubid
             JOIN pg_catalog.pg_class pc ON pc.relnamespace = pn.pnnspid
        WHERE pc.oid ='16384' and pg_catalog.pg_relation_is_publishable('16384')
        UNION
        SELECT pubname
             , pg_get_expr(pr.prqual, c.oid)
             , (CASE WHEN pr.prattrs IS NOT NULL THEN
                 (SELECT string_agg(attname, ', ')
                   FROM pg_catalog.generate_series(0, pg_catalog.array_upper(pr.prattrs::pg_catalog.int2[], 1)) s,
                        pg_catalog.pg_attribute
                  WHERE attrelid = pr.prrelid AND attnum = prattrs[s])
                ELSE NULL END) FROM pg_catalog.pg_publication p
             JOIN pg_catalog.pg_publication_rel pr ON p.oid = pr.prpubid
             JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid
        WHERE pr.prrelid = '16384'
        UNION
        SELECT pubname
             , NULL
             , NULL
        FROM pg_catalog.pg_publication p
        WHERE p.puballtables AND pg_catalog.pg_relation_is_publishable('16384')
        ORDER BY 1;
        """,
        """
        SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true),
          pg_catalog.pg_get_constraintdef(con.oid, true), contype, condeferrable, condeferred, i.indisreplident, c2.reltablespace
        FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i
          LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x'))
        WHERE c.oid = '16384' AND c.oid = i.indrelid AND i.indexrelid = c2.oid
        ORDER BY i.indisprimary DESC, c2.relname;
        """,
        """
        SELECT oid, stxrelid::pg_catalog.regclass, stxnamespace::pg_catalog.regnamespace::pg_catalog.text AS nsp, stxname,
        pg_catalog.pg_get_statisticsobjdef_columns(oid) AS columns,
          'd' = any(stxkind) AS ndist_enabled,
          'f' = any(stxkind) AS deps_enabled,
          'm' = any(stxkind) AS mcv_enabled,
        stxstattarget
        FROM pg_catalog.pg_statistic_ext
        WHERE stxrelid = '16384'
        ORDER BY nsp, stxname;
        """,
        """
        SELECT pol.polname, pol.polpermissive,
          CASE WHEN pol.polroles = '{0}' THEN NULL ELSE pg_catalog.array_to_string(array(select rolname from pg_catalog.pg_roles where oid = any (pol.polroles) order by 1),',') END,
          pg_catalog.pg_get_expr(pol.polqual, pol.polrelid),
          pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid),
          CASE pol.polcmd
            WHEN 'r' THEN 'SELECT'
            WHEN 'a' THEN 'INSERT'
            WHEN 'w' THEN 'UPDATE'
            WHEN 'd' THEN 'DELETE'
            END AS cmd
        FROM pg_catalog.pg_policy pol
        WHERE pol.polrelid = '16384' ORDER BY 1;
        """,
        """
        SELECT t.tgname, pg_catalog.pg_get_triggerdef(t.oid, true), t.tgenabled, t.tgisinternal,
          CASE WHEN t.tgparentid != 0 THEN
            (SELECT u.tgrelid::pg_catalog.regclass
             FROM pg_catalog.pg_trigger AS u,
                  pg_catalog.pg_partition_ancestors(t.tgrelid) WITH ORDINALITY AS a(relid, depth)
             WHERE u.tgname = t.tgname AND u.tgrelid = a.relid
                   AND u.tgparentid = 0
             ORDER BY a.depth LIMIT 1)
          END AS parent
        FROM pg_catalog.pg_trigger t
        WHERE t.tgrelid = '16384' AND (NOT t.tgisinternal OR (t.tgisinternal AND t.tgenabled = 'D')
            OR EXISTS (SELECT 1 FROM pg_catalog.pg_depend WHERE objid = t.oid
                AND refclassid = 'pg_catalog.pg_trigger'::pg_catalog.regclass))
        ORDER BY 1;
        """,
        """
        SELECT conname, conrelid::pg_catalog.regclass AS ontable,
               pg_catalog.pg_get_constraintdef(oid, true) AS condef
          FROM pg_catalog.pg_constraint c
         WHERE confrelid IN (SELECT pg_catalog.pg_partition_ancestors('16384')
                             UNION ALL VALUES ('16384'::pg_catalog.regclass))
               AND contype = 'f' AND conparentid = 0
        ORDER BY conname;
        """,
        """
        SELECT c.oid::pg_catalog.regclass, c.relkind, inhdetachpending, pg_catalog.pg_get_expr(c.relpartbound, c.oid)
        FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i
        WHERE c.oid = i.inhrelid AND i.inhparent = '16384'
        ORDER BY pg_catalog.pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT', c.oid::pg_catalog.regclass::pg_catalog.text;
        """,
        """
        SELECT r.rulename, trim(trailing ';' from pg_catalog.pg_get_ruledef(r.oid, true))
        FROM pg_catalog.pg_rewrite r
        WHERE r.ev_class = '16384' AND r.rulename != '_RETURN' ORDER BY 1;
        """,
        "SELECT pg_catalog.pg_get_viewdef('16384'::pg_catalog.oid, true);",
        """
        SELECT n.nspname AS "Name",
          pg_catalog.pg_get_userbyid(n.nspowner) AS "Owner"
        FROM pg_catalog.pg_namespace n
        WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
        ORDER BY 1;
        """,
        """
        SELECT d.datname as "Name",
               pg_catalog.pg_get_userbyid(d.datdba) as "Owner",
               pg_catalog.pg_encoding_to_char(d.encoding) as "Encoding",
               d.datcollate as "Collate",
               d.datctype as "Ctype",
               d.daticulocale as "ICU Locale",
               CASE d.datlocprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' END AS "Locale Provider",
               pg_catalog.array_to_string(d.datacl, E'\\n') AS "Access privileges"
        FROM pg_catalog.pg_database d
        ORDER BY 1;
        """,
        """
        SELECT n.nspname as "Schema",
          p.proname as "Name",
          pg_catalog.pg_get_function_result(p.oid) as "Result data type",
          pg_catalog.pg_get_function_arguments(p.oid) as "Argument data types",
         CASE p.prokind
          WHEN 'a' THEN 'agg'
          WHEN 'w' THEN 'window'
          WHEN 'p' THEN 'proc'
          ELSE 'func'
         END as "Type"
        FROM pg_catalog.pg_proc p
             LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
        WHERE pg_catalog.pg_function_is_visible(p.oid)
              AND n.nspname <> 'pg_catalog'
              AND n.nspname <> 'information_schema'
        ORDER BY 1, 2, 4;
        """,
        """
        SELECT n.nspname as "Schema",
          pg_catalog.format_type(t.oid, NULL) AS "Name",
          pg_catalog.obj_description(t.oid, 'pg_type') as "Description"
        FROM pg_catalog.pg_type t
             LEFT JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
        WHERE (t.typrelid = 0 OR (SELECT c.relkind = 'c' FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid))
          AND NOT EXISTS(SELECT 1 FROM pg_catalog.pg_type el WHERE el.oid = t.typelem AND el.typarray = t.oid)
              AND n.nspname <> 'pg_catalog'
              AND n.nspname <> 'information_schema'
          AND pg_catalog.pg_type_is_visible(t.oid)
        ORDER BY 1, 2;
        """,
        """
        SELECT n.nspname as "Schema",
          p.proname AS "Name",
          pg_catalog.format_type(p.prorettype, NULL) AS "Result data type",
          CASE WHEN p.pronargs = 0
            THEN CAST('*' AS pg_catalog.text)
            ELSE pg_catalog.array_to_string(ARRAY(
              SELECT
                pg_catalog.format_type(p.proargtypes[s.i], NULL)
              FROM
                pg_catalog.generate_series(0, pg_catalog.array_upper(p.proargtypes, 1)) AS s(i)
            ), ', ')
          END AS "Argument data types",
          pg_catalog.obj_description(p.oid, 'pg_proc') as "Description"
        FROM pg_catalog.pg_proc p
             LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
        WHERE p.proisagg
          AND pg_catalog.pg_function_is_visible(p.oid)
        ORDER BY 1, 2, 4;
        """,
        """
        SELECT pg_catalog.quote_ident(c.relname) FROM pg_catalog.pg_class c WHERE c.relkind IN ('r', 'f', 'v', 'p') AND substring(pg_catalog.quote_ident(c.relname),1,3)='eve' AND pg_catalog.pg_table_is_visible(c.oid) AND c.relnamespace <> (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = 'pg_catalog')
        UNION
        SELECT pg_catalog.quote_ident(n.nspname) || '.' FROM pg_catalog.pg_namespace n WHERE substring(pg_catalog.quote_ident(n.nspname) || '.',1,3)='eve' AND (SELECT pg_catalog.count(*) FROM pg_catalog.pg_namespace WHERE substring(pg_catalog.quote_ident(nspname) || '.',1,3) = substring('eve',1,pg_catalog.length(pg_catalog.quote_ident(nspname))+1)) > 1
        LIMIT 1000
        """,
    ]

    /// pgjdbc 42.5 `DatabaseMetaData` and type lookups, as it sends them for a prepared statement.
    static let pgjdbc: [String] = [
        """
        SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM, c.relname AS TABLE_NAME,  CASE n.nspname ~ '^pg_' OR n.nspname = 'information_schema'  WHEN true THEN CASE  WHEN n.nspname = 'pg_catalog' OR n.nspname = 'information_schema' THEN CASE c.relkind   WHEN 'r' THEN 'SYSTEM TABLE'   WHEN 'v' THEN 'SYSTEM VIEW'   WHEN 'i' THEN 'SYSTEM INDEX'   ELSE NULL   END  WHEN n.nspname = 'pg_toast' THEN CASE c.relkind   WHEN 'r' THEN 'SYSTEM TOAST TABLE'   WHEN 'i' THEN 'SYSTEM TOAST INDEX'   ELSE NULL   END  ELSE CASE c.relkind   WHEN 'r' THEN 'TEMPORARY TABLE'   WHEN 'p' THEN 'TEMPORARY TABLE'   WHEN 'i' THEN 'TEMPORARY INDEX'   WHEN 'S' THEN 'TEMPORARY SEQUENCE'   WHEN 'v' THEN 'TEMPORARY VIEW'   ELSE NULL   END  END  WHEN false THEN CASE c.relkind  WHEN 'r' THEN 'TABLE'  WHEN 'p' THEN 'PARTITIONED TABLE'  WHEN 'i' THEN 'INDEX'  WHEN 'I' THEN 'PARTITIONED INDEX'  WHEN 'S' THEN 'SEQUENCE'  WHEN 'v' THEN 'VIEW'  WHEN 'c' THEN 'TYPE'  WHEN 'f' THEN 'FOREIGN TABLE'  WHEN 'm' THEN 'MATERIALIZED VIEW'  ELSE NULL  END  ELSE NULL  END  AS TABLE_TYPE, d.description AS REMARKS,  '' as TYPE_CAT, '' as TYPE_SCHEM, '' as TYPE_NAME, '' AS SELF_REFERENCING_COL_NAME, '' AS REF_GENERATION  FROM pg_catalog.pg_namespace n, pg_catalog.pg_class c  LEFT JOIN pg_catalog.pg_description d ON (c.oid = d.objoid AND d.objsubid = 0  and d.classoid = 'pg_class'::regclass)  WHERE c.relnamespace = n.oid  AND c.relname LIKE $1 AND (false  OR ( c.relkind IN ('r','p') AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' )  OR ( c.relkind = 'v' AND n.nspname <> 'pg_catalog' AND n.nspname <> 'information_schema' ) )  ORDER BY TABLE_TYPE,TABLE_SCHEM,TABLE_NAME
        """,
        """
        SELECT * FROM (SELECT n.nspname,c.relname,a.attname,a.atttypid,a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) AS attnotnull,a.atttypmod,a.attlen,t.typtypmod,row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) AS attnum, nullif(a.attidentity, '') as attidentity,nullif(a.attgenerated, '') as attgenerated,pg_catalog.pg_get_expr(def.adbin, def.adrelid) AS adsrc,dsc.description,t.typbasetype,t.typtype  FROM pg_catalog.pg_namespace n  JOIN pg_catalog.pg_class c ON (c.relnamespace = n.oid)  JOIN pg_catalog.pg_attribute a ON (a.attrelid=c.oid)  JOIN pg_catalog.pg_type t ON (a.atttypid = t.oid)  LEFT JOIN pg_catalog.pg_attrdef def ON (a.attrelid=def.adrelid AND a.attnum = def.adnum)  LEFT JOIN pg_catalog.pg_description dsc ON (c.oid=dsc.objoid AND a.attnum = dsc.objsubid)  LEFT JOIN pg_catalog.pg_class dc ON (dc.oid=dsc.classoid AND dc.relname='pg_class')  LEFT JOIN pg_catalog.pg_namespace dn ON (dc.relnamespace=dn.oid AND dn.nspname='pg_catalog')  WHERE c.relkind in ('r','p','v','f','m') and a.attnum > 0 AND NOT a.attisdropped  AND c.relname LIKE $1) c WHERE true  ORDER BY nspname,c.relname,attnum
        """,
        """
        SELECT nspname AS TABLE_SCHEM, NULL AS TABLE_CATALOG FROM pg_catalog.pg_namespace  WHERE nspname <> 'pg_toast' AND (nspname !~ '^pg_temp_'  OR nspname = (pg_catalog.current_schemas(true))[1]) AND (nspname !~ '^pg_toast_temp_'  OR nspname = replace((pg_catalog.current_schemas(true))[1], 'pg_temp_', 'pg_toast_temp_'))  ORDER BY TABLE_SCHEM
        """,
        """
        SELECT typinput='pg_catalog.array_in'::regproc as is_array, typtype, typname, pg_type.oid   FROM pg_catalog.pg_type   LEFT JOIN (select ns.oid as nspoid, ns.nspname, r.r           from pg_namespace as ns           join ( select s.r, (current_schemas(false))[s.r] as nspname                    from generate_series(1, array_upper(current_schemas(false), 1)) as s(r) ) as r          using ( nspname )        ) as sp     ON sp.nspoid = typnamespace  WHERE pg_type.oid = $1  ORDER BY sp.r, pg_type.oid DESC
        """,
        """
        SELECT t.typname,t.oid FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON (t.typnamespace = n.oid)  WHERE n.nspname  != 'pg_toast' AND  (t.typrelid = 0 OR (SELECT c.relkind = 'c' FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid))
        """,
        """
        SELECT result.TABLE_CAT, result.TABLE_SCHEM, result.TABLE_NAME, result.COLUMN_NAME, result.KEY_SEQ, result.PK_NAME FROM (SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM,   ct.relname AS TABLE_NAME, a.attname AS COLUMN_NAME,   (information_schema._pg_expandarray(i.indkey)).n AS KEY_SEQ, ci.relname AS PK_NAME,   information_schema._pg_expandarray(i.indkey) AS KEYS, a.attnum AS A_ATTNUM FROM pg_catalog.pg_class ct   JOIN pg_catalog.pg_attribute a ON (ct.oid = a.attrelid)   JOIN pg_catalog.pg_namespace n ON (ct.relnamespace = n.oid)   JOIN pg_catalog.pg_index i ON ( a.attrelid = i.indrelid)   JOIN pg_catalog.pg_class ci ON (ci.oid = i.indexrelid) WHERE true  AND ct.relname = E'events' AND i.indisprimary  ) result where  result.A_ATTNUM = (result.KEYS).x  ORDER BY result.table_name, result.pk_name, result.key_seq
        """,
        "SELECT current_schema(), session_user",
        "SELECT setting FROM pg_catalog.pg_settings WHERE name = 'max_index_keys'",
    ]

    /// SQLAlchemy 2's PostgreSQL dialect: connection set-up and `inspect(engine)`.
    static let sqlalchemy: [String] = [
        "select pg_catalog.version()",
        "select current_schema()",
        "SELECT CAST('test plain returns' AS VARCHAR(60)) AS anon_1",
        "SELECT CAST('test unicode returns' AS VARCHAR(60)) AS anon_1",
        """
        SELECT pg_catalog.pg_class.relname
        FROM pg_catalog.pg_class JOIN pg_catalog.pg_namespace ON pg_catalog.pg_namespace.oid = pg_catalog.pg_class.relnamespace
        WHERE pg_catalog.pg_class.relkind IN ($1::VARCHAR, $2::VARCHAR) AND pg_catalog.pg_class.relpersistence != $3::VARCHAR AND pg_catalog.pg_table_is_visible(pg_catalog.pg_class.oid) AND pg_catalog.pg_namespace.nspname != $4::VARCHAR
        """,
        """
        SELECT pg_catalog.pg_attribute.attname AS name, pg_catalog.format_type(pg_catalog.pg_attribute.atttypid, pg_catalog.pg_attribute.atttypmod) AS format_type, (SELECT pg_catalog.pg_get_expr(pg_catalog.pg_attrdef.adbin, pg_catalog.pg_attrdef.adrelid) AS pg_get_expr_1
        FROM pg_catalog.pg_attrdef
        WHERE pg_catalog.pg_attrdef.adrelid = pg_catalog.pg_attribute.attrelid AND pg_catalog.pg_attrdef.adnum = pg_catalog.pg_attribute.attnum AND pg_catalog.pg_attribute.atthasdef) AS "default", pg_catalog.pg_attribute.attnotnull AS not_null, pg_catalog.pg_class.relname AS table_name, pg_catalog.pg_description.description AS comment, pg_catalog.pg_attribute.attgenerated AS generated, (SELECT json_build_object($1::VARCHAR, pg_catalog.pg_attribute.attidentity = $2::VARCHAR, $3::VARCHAR, pg_catalog.pg_sequence.seqstart, $4::VARCHAR, pg_catalog.pg_sequence.seqincrement, $5::VARCHAR, pg_catalog.pg_sequence.seqmin, $6::VARCHAR, pg_catalog.pg_sequence.seqmax, $7::VARCHAR, pg_catalog.pg_sequence.seqcache, $8::VARCHAR, pg_catalog.pg_sequence.seqcycle) AS json_build_object_1
        FROM pg_catalog.pg_sequence
        WHERE pg_catalog.pg_attribute.attidentity != $9::VARCHAR AND pg_catalog.pg_sequence.seqrelid = CAST(CAST(pg_catalog.pg_get_serial_sequence(CAST(CAST(pg_catalog.pg_attribute.attrelid AS REGCLASS) AS TEXT), pg_catalog.pg_attribute.attname) AS REGCLASS) AS OID)) AS identity_options
        FROM pg_catalog.pg_class LEFT OUTER JOIN pg_catalog.pg_attribute ON pg_catalog.pg_class.oid = pg_catalog.pg_attribute.attrelid AND pg_catalog.pg_attribute.attnum > $10::INTEGER AND NOT pg_catalog.pg_attribute.attisdropped LEFT OUTER JOIN pg_catalog.pg_description ON pg_catalog.pg_description.objoid = pg_catalog.pg_attribute.attrelid AND pg_catalog.pg_description.objsubid = pg_catalog.pg_attribute.attnum JOIN pg_catalog.pg_namespace ON pg_catalog.pg_namespace.oid = pg_catalog.pg_class.relnamespace
        WHERE pg_catalog.pg_class.relkind = ANY (ARRAY[$11::VARCHAR, $12::VARCHAR, $13::VARCHAR, $14::VARCHAR, $15::VARCHAR]) AND pg_catalog.pg_table_is_visible(pg_catalog.pg_class.oid) AND pg_catalog.pg_namespace.nspname != $16::VARCHAR AND pg_catalog.pg_class.relname IN ($17::VARCHAR) ORDER BY pg_catalog.pg_class.relname, pg_catalog.pg_attribute.attnum
        """,
        """
        SELECT pg_catalog.pg_type.typname AS name, pg_catalog.format_type(pg_catalog.pg_type.typbasetype, pg_catalog.pg_type.typtypmod) AS attype, NOT pg_catalog.pg_type.typnotnull AS nullable, pg_catalog.pg_type.typdefault AS "default", pg_catalog.pg_type_is_visible(pg_catalog.pg_type.oid) AS visible, pg_catalog.pg_namespace.nspname AS schema, domain_constraints.condefs, domain_constraints.connames
        FROM pg_catalog.pg_type JOIN pg_catalog.pg_namespace ON pg_catalog.pg_namespace.oid = pg_catalog.pg_type.typnamespace LEFT OUTER JOIN (SELECT pg_catalog.pg_constraint.contypid AS contypid, array_agg(pg_catalog.pg_get_constraintdef(pg_catalog.pg_constraint.oid, true)) AS condefs, array_agg(CAST(pg_catalog.pg_constraint.conname AS TEXT)) AS connames
        FROM pg_catalog.pg_constraint
        WHERE pg_catalog.pg_constraint.contypid != $1::INTEGER GROUP BY pg_catalog.pg_constraint.contypid) AS domain_constraints ON pg_catalog.pg_type.oid = domain_constraints.contypid
        WHERE pg_catalog.pg_type.typtype = $2::VARCHAR ORDER BY pg_catalog.pg_namespace.nspname, pg_catalog.pg_type.typname
        """,
        """
        SELECT pg_catalog.pg_type.typname AS name, pg_catalog.pg_type_is_visible(pg_catalog.pg_type.oid) AS visible, pg_catalog.pg_namespace.nspname AS schema, lbl_agg.labels AS labels
        FROM pg_catalog.pg_type JOIN pg_catalog.pg_namespace ON pg_catalog.pg_namespace.oid = pg_catalog.pg_type.typnamespace LEFT OUTER JOIN (SELECT pg_catalog.pg_enum.enumtypid AS enumtypid, array_agg(CAST(pg_catalog.pg_enum.enumlabel AS TEXT) ORDER BY pg_catalog.pg_enum.enumsortorder) AS labels
        FROM pg_catalog.pg_enum GROUP BY pg_catalog.pg_enum.enumtypid) AS lbl_agg ON pg_catalog.pg_type.oid = lbl_agg.enumtypid
        WHERE pg_catalog.pg_type.typtype = $1::VARCHAR ORDER BY pg_catalog.pg_namespace.nspname, pg_catalog.pg_type.typname
        """,
        """
        SELECT attr.conrelid, array_agg(CAST(attr.attname AS TEXT) ORDER BY attr.ord) AS cols, attr.conname, min(attr.description) AS description
        FROM (SELECT con.conrelid AS conrelid, con.conname AS conname, con.conindid AS conindid, con.description AS description, con.ord AS ord, pg_catalog.pg_attribute.attname AS attname
        FROM pg_catalog.pg_attribute JOIN (SELECT pg_catalog.pg_constraint.conrelid AS conrelid, pg_catalog.pg_constraint.conname AS conname, pg_catalog.pg_constraint.conindid AS conindid, unnest(pg_catalog.pg_constraint.conkey) AS attnum, generate_subscripts(pg_catalog.pg_constraint.conkey, $1::INTEGER) AS ord, pg_catalog.pg_description.description AS description
        FROM pg_catalog.pg_constraint LEFT OUTER JOIN pg_catalog.pg_description ON pg_catalog.pg_description.objoid = pg_catalog.pg_constraint.oid
        WHERE pg_catalog.pg_constraint.contype = $2::VARCHAR AND pg_catalog.pg_constraint.conrelid IN ($3::INTEGER)) AS con ON pg_catalog.pg_attribute.attnum = con.attnum AND pg_catalog.pg_attribute.attrelid = con.conrelid
        WHERE con.conrelid IN ($4::INTEGER)) AS attr GROUP BY attr.conrelid, attr.conname ORDER BY attr.conrelid, attr.conname
        """,
    ]

    static var all: [String] { basics + from + expressions + psql + pgjdbc + sqlalchemy }
}
