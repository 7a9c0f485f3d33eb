extension CompatibilityCorpus {
    /// What the catalog queries of psql, pgjdbc and SQLAlchemy rely on, answered as PostgreSQL 15 answers: regular
    /// expressions, arrays, `generate_series` and `unnest` in FROM, regclass/regtype input and output,
    /// `format_type`, `json_build_object`, LIKE … ESCAPE, and pg_catalog rows that are the same in both.
    static let catalog: [CompatibilityQuery] = [
        CompatibilityQuery("SELECT 'abc' ~ '^a', 'abc' ~ '^A', 'abc' ~* '^A', 'abc' !~ 'z', 'abc' !~* 'B'", .identical),
        CompatibilityQuery(
            "SELECT 'events' OPERATOR(pg_catalog.~) '^(events)$' COLLATE pg_catalog.default", .identical),
        CompatibilityQuery("SELECT ARRAY[1, 2] || ARRAY[3], ARRAY['a b', NULL, ''], ARRAY[true, false]", .identical),
        CompatibilityQuery(
            "SELECT array_to_string(ARRAY['a', 'b', NULL], ','), array_to_string(ARRAY['a', NULL], ',', '*')",
            .identical),
        CompatibilityQuery(
            "SELECT 2 = ANY (ARRAY[1, 2]), 3 = ANY (ARRAY[1, 2]), 3 = ANY (ARRAY[1, NULL]), NULL::int = ANY (ARRAY[1]), 3 <> ALL (ARRAY[1, 2])",
            .identical),
        CompatibilityQuery(
            "SELECT (ARRAY[10, 20, 30])[2], (ARRAY[10, 20, 30])[4], array_upper(ARRAY[1, 2, 3], 1), cardinality(ARRAY[1, 2])",
            .identical),
        CompatibilityQuery(
            "SELECT ARRAY(SELECT x FROM (VALUES (2), (1)) v(x) ORDER BY x), ARRAY(SELECT 1 WHERE false)", .identical),
        CompatibilityQuery("SELECT s FROM generate_series(1, 3) s ORDER BY s", .identical),
        CompatibilityQuery("SELECT s.r FROM generate_series(5, 1, -2) AS s(r)", .identical),
        CompatibilityQuery("SELECT x FROM unnest(ARRAY['b', 'a']) x", .identical),
        CompatibilityQuery(
            "SELECT 'int4'::regtype, 'pg_catalog.text'::regtype, 'text'::regtype::oid, 'pg_class'::regclass, 'pg_class'::regclass::oid",
            .identical),
        CompatibilityQuery("SELECT 'no_such_type'::regtype", .identical),
        CompatibilityQuery("SELECT 'no_such_relation'::regclass", .identical),
        CompatibilityQuery("SELECT to_regtype('no_such_type') IS NULL, to_regclass('pg_type')", .identical),
        CompatibilityQuery(
            "SELECT format_type(23, NULL), format_type(1043, 14), format_type(1009, NULL), format_type(16, -1)",
            .identical),
        CompatibilityQuery("SELECT json_build_object('a', 1, 'b', true, 'c', 'x', 'd', NULL)", .identical),
        CompatibilityQuery(
            "SELECT 'a_b' LIKE 'a/_b' ESCAPE '/', 'axb' LIKE 'a/_b' ESCAPE '/', 'a%' LIKE 'a%%' ESCAPE '%'", .identical),
        CompatibilityQuery(
            "SELECT pg_encoding_to_char(6), current_schemas(false), current_setting('server_encoding')", .identical),
        CompatibilityQuery(
            "SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname IN ('pg_catalog', 'public') ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "SELECT t.typname, t.typlen, t.typcategory, t.typelem, t.typarray FROM pg_catalog.pg_type t WHERE t.oid IN (16, 20, 25, 1009, 3802) ORDER BY t.oid",
            .identical),
        CompatibilityQuery(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'pg_namespace'::regclass AND a.attnum > 0 ORDER BY a.attnum",
            .identical),
        CompatibilityQuery(
            "SELECT collname FROM pg_catalog.pg_collation WHERE oid IN (100, 950, 951) ORDER BY oid", .identical),
        CompatibilityQuery("SELECT 'x'::regclass", .identical),
        CompatibilityQuery(
            "SELECT has_table_privilege('pg_class', 'SELECT'), has_schema_privilege('public', 'USAGE'), "
                + "has_table_privilege(1259, 'SELECT'), has_table_privilege(99999, 'SELECT'), "
                + "has_table_privilege(NULL::text, 'SELECT')", .identical),
        CompatibilityQuery("SELECT has_table_privilege('no_such_relation', 'SELECT')", .identical),
        CompatibilityQuery("SELECT has_schema_privilege('no_such_schema', 'USAGE')", .identical),
        CompatibilityQuery("SELECT has_database_privilege('no_such_database', 'CONNECT')", .identical),
        CompatibilityQuery("SAVEPOINT outside_a_transaction", .identical),
        CompatibilityQuery("SELECT set_config('search_path', 'public', false)", .refused),
        CompatibilityQuery("SELECT 'pg_class'::regclass < 'pg_type'::regclass", .identical),
        CompatibilityQuery(
            "SELECT oid::regclass FROM pg_catalog.pg_class WHERE relname IN ('pg_am', 'pg_type', 'pg_proc', 'pg_class') "
                + "ORDER BY 1 LIMIT 2",
            .identical),
        CompatibilityQuery(
            "SELECT oid, typname, typlen, typbyval, typtype, typcategory, typispreferred, typelem, typarray, typinput, "
                + "typoutput, typreceive, typsend, typalign, typstorage, typcollation, typsubscript, typdelim, "
                + "typnamespace, typrelid, typnotnull, typbasetype, typtypmod, typndims, typdefault "
                + "FROM pg_catalog.pg_type WHERE oid IN (16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 30, 114, 194, 700, 701, 705, 1000, 1002, 1003, 1005, 1007, 1009, 1015, 1016, 1028, 1033, 1034, 1043, 1082, 1114, 1184, 1700, 2205, 2206, 2277, 2950, 3802, 3906, 4089) ORDER BY oid",
            .identical),
    ]
}
