import SQL

/// The information_schema views tools read (`tables`, `columns`, `schemata`, `views`), defined in PostgreSQL's SQL
/// over pg_catalog and planned like any query, so they answer from the same relations as pg_catalog does.
///
/// Columns have PostgreSQL 15's names and order; its domains are their base types here (`sql_identifier` is
/// `name`, `character_data` and `yes_or_no` are `character varying`, `cardinal_number` is `integer`). Inlet's
/// relations are read-only, so they are neither insertable into nor updatable.
enum InformationSchema {
    /// PostgreSQL 15's oids of these views.
    static let oids: [String: Int64] = ["columns": 13295, "schemata": 13382, "tables": 13425, "views": 13483]

    static let columnDefinitions: [String: String] = [
        "tables": """
        table_catalog name, table_schema name, table_name name, table_type character varying, \
        self_referencing_column_name name, reference_generation character varying, user_defined_type_catalog name, \
        user_defined_type_schema name, user_defined_type_name name, is_insertable_into character varying, \
        is_typed character varying, commit_action character varying
        """,
        "columns": """
        table_catalog name, table_schema name, table_name name, column_name name, ordinal_position integer, \
        column_default character varying, is_nullable character varying, data_type character varying, \
        character_maximum_length integer, character_octet_length integer, numeric_precision integer, \
        numeric_precision_radix integer, numeric_scale integer, datetime_precision integer, \
        interval_type character varying, interval_precision integer, character_set_catalog name, \
        character_set_schema name, character_set_name name, collation_catalog name, collation_schema name, \
        collation_name name, domain_catalog name, domain_schema name, domain_name name, udt_catalog name, \
        udt_schema name, udt_name name, scope_catalog name, scope_schema name, scope_name name, \
        maximum_cardinality integer, dtd_identifier name, is_self_referencing character varying, \
        is_identity character varying, identity_generation character varying, identity_start character varying, \
        identity_increment character varying, identity_maximum character varying, \
        identity_minimum character varying, identity_cycle character varying, is_generated character varying, \
        generation_expression character varying, is_updatable character varying
        """,
        "schemata": """
        catalog_name name, schema_name name, schema_owner name, default_character_set_catalog name, \
        default_character_set_schema name, default_character_set_name name, sql_path character varying
        """,
        "views": """
        table_catalog name, table_schema name, table_name name, view_definition character varying, \
        check_option character varying, is_updatable character varying, is_insertable_into character varying, \
        is_trigger_updatable character varying, is_trigger_deletable character varying, \
        is_trigger_insertable_into character varying
        """,
    ]

    static func columns(_ name: String) -> [ResultColumn] {
        columnDefinitions[name].map(PGCatalogColumns.parse) ?? []
    }

    /// The defining queries, each listing the columns above in order.
    static let definitions: [String: String] = [
        "tables": """
        SELECT current_database()::name AS table_catalog, n.nspname AS table_schema, c.relname AS table_name,
            (CASE c.relkind WHEN 'r' THEN 'BASE TABLE' ELSE 'VIEW' END)::varchar AS table_type,
            NULL::name AS self_referencing_column_name, NULL::varchar AS reference_generation,
            NULL::name AS user_defined_type_catalog, NULL::name AS user_defined_type_schema,
            NULL::name AS user_defined_type_name, 'NO'::varchar AS is_insertable_into,
            'NO'::varchar AS is_typed, NULL::varchar AS commit_action
        FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid
        WHERE c.relkind IN ('r', 'v')
        """,
        "columns": """
        SELECT current_database()::name AS table_catalog, n.nspname AS table_schema, c.relname AS table_name,
            a.attname AS column_name, a.attnum::int4 AS ordinal_position, NULL::varchar AS column_default,
            (CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END)::varchar AS is_nullable,
            (CASE WHEN t.typelem <> 0 AND t.typlen = -1 THEN 'ARRAY' ELSE format_type(t.oid, NULL) END)::varchar AS data_type,
            NULL::int4 AS character_maximum_length,
            (CASE WHEN t.oid IN (25, 1043) THEN 1073741824 END)::int4 AS character_octet_length,
            (CASE t.oid WHEN 21 THEN 16 WHEN 23 THEN 32 WHEN 20 THEN 64 WHEN 700 THEN 24 WHEN 701 THEN 53 END)::int4 AS numeric_precision,
            (CASE WHEN t.oid IN (21, 23, 20, 700, 701) THEN 2 WHEN t.oid = 1700 THEN 10 END)::int4 AS numeric_precision_radix,
            (CASE WHEN t.oid IN (21, 23, 20) THEN 0 END)::int4 AS numeric_scale,
            (CASE WHEN t.oid IN (1114, 1184) THEN 6 WHEN t.oid = 1082 THEN 0 END)::int4 AS datetime_precision,
            NULL::varchar AS interval_type, NULL::int4 AS interval_precision,
            NULL::name AS character_set_catalog, NULL::name AS character_set_schema,
            NULL::name AS character_set_name, NULL::name AS collation_catalog, NULL::name AS collation_schema,
            NULL::name AS collation_name, NULL::name AS domain_catalog, NULL::name AS domain_schema,
            NULL::name AS domain_name, current_database()::name AS udt_catalog,
            'pg_catalog'::name AS udt_schema, t.typname AS udt_name, NULL::name AS scope_catalog,
            NULL::name AS scope_schema, NULL::name AS scope_name, NULL::int4 AS maximum_cardinality,
            a.attnum::text::name AS dtd_identifier, 'NO'::varchar AS is_self_referencing,
            'NO'::varchar AS is_identity, NULL::varchar AS identity_generation,
            NULL::varchar AS identity_start, NULL::varchar AS identity_increment,
            NULL::varchar AS identity_maximum, NULL::varchar AS identity_minimum,
            'NO'::varchar AS identity_cycle, 'NEVER'::varchar AS is_generated,
            NULL::varchar AS generation_expression, 'NO'::varchar AS is_updatable
        FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
        WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v')
        """,
        "schemata": """
        SELECT current_database()::name AS catalog_name, n.nspname AS schema_name,
            pg_get_userbyid(n.nspowner) AS schema_owner, NULL::name AS default_character_set_catalog,
            NULL::name AS default_character_set_schema, NULL::name AS default_character_set_name,
            NULL::varchar AS sql_path
        FROM pg_catalog.pg_namespace n
        """,
        "views": """
        SELECT current_database()::name AS table_catalog, n.nspname AS table_schema, c.relname AS table_name,
            pg_get_viewdef(c.oid)::varchar AS view_definition, 'NONE'::varchar AS check_option,
            'NO'::varchar AS is_updatable, 'NO'::varchar AS is_insertable_into,
            'NO'::varchar AS is_trigger_updatable, 'NO'::varchar AS is_trigger_deletable,
            'NO'::varchar AS is_trigger_insertable_into
        FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid
        WHERE c.relkind = 'v'
        """,
    ]

    /// The view `name`, planned over pg_catalog with `resolver`; nil for a view Inlet does not define.
    static func relation(_ name: String, resolver: CatalogRelationResolver) -> RelationShape? {
        guard let definition = definitions[name], let statement = try? Parser.parseSelectStatement(definition)
        else { return nil }
        var planner = QueryPlanner(resolver: resolver, context: PlanningContext(user: resolver.user))
        guard let planned = try? planner.plan(statement) else { return nil }
        let columns = columns(name)
        guard planned.columns.map(\.name) == columns.map(\.name) else { return nil }
        return RelationShape(storageName: "(" + planned.sql + ")", columns: columns)
    }
}
