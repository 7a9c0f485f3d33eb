/// jsonb operators and functions beyond `->`/`->>` against PostgreSQL 15: paths, containment, existence,
/// concatenation, deletion, jsonb_typeof/array_length/object_keys/build_object/agg, and jsonb's output text (keys
/// shorter first then in byte order, one space after `:` and `,`, numbers as numeric prints them).
extension CompatibilityCorpus {
    static let jsonb: [CompatibilityQuery] = [
        CompatibilityQuery(
            #"SELECT '{"b": 1, "a": [1, 2, {"c": null}], "aa": "x"}'::jsonb, '[3, 1, {"z": 1, "y": 2}]'::jsonb, '"str"'::jsonb, '1.50'::jsonb, 'null'::jsonb, '{"a": 1, "a": 2}'::jsonb"#,
            .identical),
        CompatibilityQuery(
            #"SELECT '{"a":1e2,"b":-0,"c":1.0E-2}'::jsonb, '  [ true , false ] '::jsonb, '{"k": "\u00e9\n"}'::jsonb"#,
            .identical),
        CompatibilityQuery(
            "\(j)SELECT doc->'e', doc->'f', doc->'f'->'g', doc->'e'->0, doc->'e'->-1, doc->'e'->5, doc->'missing' FROM j",
            .identical),
        CompatibilityQuery(
            "\(j)SELECT doc->>'e', doc->>'f', doc->'e'->>1, doc->>'c', doc->>'d' IS NULL FROM j",
            .identical),
        CompatibilityQuery(
            "\(j)SELECT doc #> '{f,g}', doc #>> '{f,g}', doc #> '{e,1}', doc #>> '{e,0}', doc #> '{}', doc #> '{nope,x}', doc #>> '{b}' FROM j",
            .identical),
        CompatibilityQuery(
            "\(j)"
                + #"SELECT doc @> '{"a": 1}', doc @> '{"a": 2}', doc @> '{"e": [2]}', doc @> '{"f": {}}', '{"a": 1}' <@ doc, doc @> '{"a": 1.0}' FROM j"#,
            .identical),
        CompatibilityQuery(
            #"SELECT '[1, 2, [3, 4]]'::jsonb @> '[[3]]', '[1, 2]'::jsonb @> '1', '[1, 2]'::jsonb @> '[1, 1]', '{"a": [1, {"b": 2}]}'::jsonb @> '{"a": [{"b": 2}]}', '1'::jsonb @> '[1]', '"a"'::jsonb <@ '["a", "b"]'"#,
            .identical),
        CompatibilityQuery(
            "\(j)"
                + #"SELECT doc ? 'a', doc ? 'zz', doc ?| '{zz,b}', doc ?& '{a,b}', doc ?& '{a,zz}', '["x", "y"]'::jsonb ? 'x', '"x"'::jsonb ? 'x', '[1]'::jsonb ? '1' FROM j"#,
            .identical),
        CompatibilityQuery(
            "\(j)"
                + #"SELECT doc || '{"a": 9, "z": 0}', '[1, 2]'::jsonb || '[3]', '[1]'::jsonb || '2', '{"a": 1}'::jsonb || '[2]', '1'::jsonb || '2', '{"a": 1}'::jsonb || '{}' FROM j"#,
            .identical),
        CompatibilityQuery(
            "\(j)"
                + #"SELECT doc - 'a', doc - 'zz', '["a", "b", "a"]'::jsonb - 'a', '[1, 2, 3]'::jsonb - 1, '[1, 2, 3]'::jsonb - -1, '[1, 2, 3]'::jsonb - 9, doc - '{a,b,c}'::text[] FROM j"#,
            .identical),
        CompatibilityQuery(
            "\(j)SELECT jsonb_typeof(doc), jsonb_typeof(doc->'a'), jsonb_typeof(doc->'b'), jsonb_typeof(doc->'c'), jsonb_typeof(doc->'d'), jsonb_typeof(doc->'e'), jsonb_typeof(doc->'zz') FROM j",
            .identical),
        CompatibilityQuery(
            "\(j)"
                + #"SELECT jsonb_array_length(doc->'e'), jsonb_array_length('[]'), jsonb_array_length('[[1], 2, {"a": 3}]') FROM j"#,
            .identical),
        CompatibilityQuery("\(j)SELECT jsonb_object_keys(doc) FROM j ORDER BY 1", .identical),
        CompatibilityQuery(
            "\(j)SELECT k, count(*) FROM (SELECT jsonb_object_keys(doc) AS k FROM j) s GROUP BY k ORDER BY k",
            .identical),
        CompatibilityQuery(
            #"SELECT jsonb_build_object('a', 1, 'b', 'two', 'c', true, 'd', NULL, 'e', 1.50, 'f', '{"x": [1]}'::jsonb, 'aa', 2.5::float8)"#,
            .identical),
        CompatibilityQuery(
            "SELECT jsonb_build_object(), jsonb_build_object('k', date '2024-01-05', 't', timestamp '2024-01-05 10:00:00.5', 'z', timestamptz '2024-01-05 10:00+00')",
            .identical),
        CompatibilityQuery(
            "WITH t(id, name) AS (VALUES (1, 'a'), (2, 'b'), (3, NULL)) SELECT jsonb_agg(id), jsonb_agg(name) FROM (SELECT * FROM t ORDER BY id) s",
            .identical),
        CompatibilityQuery(
            "WITH t(id, name) AS (VALUES (1, 'a'), (2, 'b'), (3, NULL)) SELECT jsonb_agg(jsonb_build_object('id', id, 'name', name)) FROM (SELECT * FROM t ORDER BY id) s",
            .identical),
        CompatibilityQuery(
            "\(j)"
                + #"SELECT doc = '{"f": {"g": 1.5}, "e": [1, 2], "d": null, "c": true, "b": "two", "a": 1}', doc->'e' = '[1,2]', doc->'e' <> '[2, 1]' FROM j"#,
            .identical),
        CompatibilityQuery(
            #"SELECT ('{"a": {"b": [10, 20, {"c": "deep"}]}}'::jsonb) #>> '{a,b,2,c}', ('{"a": {"b": [10, 20]}}'::jsonb) -> 'a' -> 'b' ->> 1"#,
            .identical),
        CompatibilityQuery(#"SELECT jsonb_array_length('{"a": 1}')"#, .identical),
        CompatibilityQuery("SELECT jsonb_array_length('5')", .identical),
        CompatibilityQuery("SELECT jsonb_object_keys('[1]')", .identical),
        CompatibilityQuery(#"SELECT '{"a": 1}'::jsonb - 0"#, .identical),
        CompatibilityQuery("SELECT '5'::jsonb - 'a'", .identical),
        CompatibilityQuery("SELECT '{bad json'::jsonb", .identical),
        CompatibilityQuery("\(j)SELECT doc < doc FROM j", .identical),
        CompatibilityQuery(#"SELECT jsonb_object_keys('{"b": 1, "a": 2, "aa": 3}')"#, .identical),
        CompatibilityQuery(
            #"SELECT NULL::jsonb -> 'a', '{"a": 1}'::jsonb -> NULL, NULL::jsonb @> '{}', jsonb_typeof(NULL), NULL::jsonb || '[1]', '{"a": [1, 2]}'::jsonb #> '{a,-1}', '{"a": [1, 2]}'::jsonb #> '{a,x}'"#,
            .identical),
        CompatibilityQuery(
            #"SELECT '{"z": {"b": 2, "a": 1}, "a": [{"y": 1, "x": 2}]}'::jsonb, '{"é": 1, "e": 2, "ab": 3}'::jsonb, '[]'::jsonb || '{}'::jsonb"#,
            .identical),
        CompatibilityQuery(
            #"SELECT doc FROM (VALUES ('[1]'::jsonb), ('{"a": 1}'), ('2')) v(doc) ORDER BY doc"#,
            .identical),
        CompatibilityQuery(
            #"SELECT doc::text FROM (VALUES ('[1]'::jsonb), ('{"a": 1}'), ('2')) v(doc) ORDER BY 1"#,
            .identical),
        CompatibilityQuery(#"SELECT * FROM jsonb_object_keys('{"b": 1, "a": 2, "aa": 3}')"#, .identical),
        CompatibilityQuery("\(j)SELECT k FROM j, jsonb_object_keys(doc) AS k ORDER BY 1 DESC", .identical),
        CompatibilityQuery("\(j)SELECT jsonb_object_keys(doc) AS k FROM j ORDER BY 1 DESC", .identical),
        CompatibilityQuery(
            #"SELECT jsonb_array_elements('[1, 1.50, "x", null, {"b": 1, "a": [2]}, [3, 4], true]'), jsonb_array_elements_text('[1, 1.50, "x", null, {"b": 1, "a": [2]}, [3, 4], true]')"#,
            .identical),
        CompatibilityQuery(
            "\(j)SELECT jsonb_array_elements_text(doc->'e') AS v, doc->>'f' FROM j ORDER BY 1", .identical),
        CompatibilityQuery(#"SELECT jsonb_array_elements('{"a": 1}')"#, .identical),
        CompatibilityQuery("SELECT jsonb_array_elements_text('5')", .identical),
        CompatibilityQuery("\(j)SELECT jsonb_array_elements(doc->'e'), jsonb_object_keys(doc) FROM j", .identical),
    ]
}
