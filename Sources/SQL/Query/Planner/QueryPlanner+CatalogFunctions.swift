extension QueryPlanner {
    /// A function the tools call on pg_catalog's relations and the session (`pg_table_is_visible`, `format_type`,
    /// `current_schemas`, `has_table_privilege`, …), typed as PostgreSQL declares it; nil for any other name.
    ///
    /// Most run as the engine's functions of the same name; the ones that depend on the session or on other
    /// relations are written out here.
    mutating func catalogFunction(_ name: String, arguments: [TypedSQL], at position: SourcePosition)
        throws(QueryPlanningError) -> TypedSQL?
    {
        guard let signature = Self.catalogFunctions[name] else { return nil }
        guard signature.parameters.contains(where: { $0.count == arguments.count }) || name == "json_build_object"
        else {
            let types = arguments.map(\.type.resolvedUnknown.name).joined(separator: ", ")
            throw QueryPlanningError(
                sqlState: "42883", message: "function \(name)(\(types)) does not exist", position: position,
                hint: "No function matches the given name and argument types.")
        }
        let parameters =
            signature.parameters.first { $0.count == arguments.count }
            ?? [SQLType](repeating: .anyValue, count: arguments.count)
        var values: [String] = []
        for (argument, parameter) in zip(arguments, parameters) {
            let typed = parameter == .anyValue ? argument : try coerce(argument, to: parameter, at: position)
            guard Self.accepts(parameter, typed.type) else {
                let types = arguments.map(\.type.resolvedUnknown.name).joined(separator: ", ")
                throw QueryPlanningError(
                    sqlState: "42883", message: "function \(name)(\(types)) does not exist", position: position,
                    hint:
                        "No function matches the given name and argument types. You might need to add explicit type casts."
                )
            }
            values.append(typed.sql)
        }
        let sql: String
        switch name {
        case "pg_get_userbyid":
            // One role: the session's user (oid 10, PostgreSQL's bootstrap superuser) owns every object.
            sql =
                "(CASE WHEN \(values[0]) IS NULL THEN NULL WHEN \(values[0]) = 10 THEN \(Self.string(context.user)) "
                + "ELSE 'unknown (OID=' || \(values[0]) || ')' END)"
        case "pg_table_is_visible":
            // Every relation but information_schema's is reachable without a schema (Materialize's search path).
            let pgClass = try catalogRelation("pg_class", at: position)
            sql =
                "(CASE WHEN \(values[0]) IS NULL THEN NULL ELSE EXISTS (SELECT 1 FROM \(pgClass) AS \"?visible?\" "
                + "WHERE \"?visible?\".oid = \(values[0]) AND \"?visible?\".relnamespace <> \(Self.informationSchemaOID)) END)"
        case "pg_get_viewdef":
            let pgClass = try catalogRelation("pg_class", at: position)
            let pgViews = try catalogRelation("pg_views", at: position)
            sql =
                "(SELECT \"?view?\".definition FROM \(pgViews) AS \"?view?\" JOIN \(pgClass) AS \"?class?\" "
                + "ON \"?class?\".relname = \"?view?\".viewname WHERE \"?class?\".oid = \(values[0]))"
        case "to_regclass", "to_regtype", "to_regnamespace":
            // As the casts, but NULL where nothing has the name.
            sql = try objectInput(values[0], as: signature.result, at: position, nullWhenMissing: true)
        case "json_build_object":
            guard arguments.count % 2 == 0 else {
                throw QueryPlanningError(
                    sqlState: "22023", message: "argument list must have even number of elements", position: position,
                    hint: "The arguments of json_build_object() must consist of alternating keys and values.")
            }
            var parts: [String] = []
            for (index, argument) in arguments.enumerated() {
                let value = try coerce(argument, to: .text, at: position)
                parts.append(index % 2 == 0 ? "CAST(\(value.sql) AS TEXT)" : Self.jsonText(value))
            }
            sql = "pg_json_object(\(parts.joined(separator: ", ")))"
        case "current_setting":
            // The session's value when the query was planned; a name that is not a constant is not supported.
            guard let setting = arguments[0].literal else {
                throw .unsupported("current_setting of a name that is not a constant", at: position)
            }
            let missingOK = arguments.count == 2 && values[1] == "1"
            if let value = context.settings[setting.lowercased()] {
                sql = Self.string(value)
            } else if missingOK {
                sql = "NULL"
            } else {
                throw QueryPlanningError(
                    sqlState: "42704", message: "unrecognized configuration parameter \"\(setting)\"",
                    position: position)
            }
        case "set_config":
            throw QueryPlanningError(
                sqlState: "0A000", message: "set_config is not supported", position: position,
                hint: "SET name = value (or SET LOCAL) changes a setting")
        case "current_schemas":
            sql = "(CASE WHEN \(values[0]) THEN '{mz_catalog,pg_catalog,public}' ELSE '{public}' END)"
        case "current_database":
            sql = Self.string(context.database)
        case "current_schema":
            sql = "'public'"
        case "has_table_privilege", "has_schema_privilege", "has_database_privilege", "has_column_privilege":
            // The session's user owns everything and is the only role; the object must exist (42P01, 3F000).
            let longest = Self.catalogFunctions[name]?.parameters.map(\.count).max() ?? 0
            var checks: [String] = []
            if arguments.count == longest {
                let user = values[0]
                checks.append(
                    "pg_object_in(CASE WHEN \(user) IN (\(Self.string(context.user)), 10) THEN 1 END, 'role', \(user))")
            }
            let object = arguments.count == longest ? 1 : 0
            if name == "has_table_privilege" || name == "has_column_privilege" || name == "has_schema_privilege" {
                let kind: SQLType = name == "has_schema_privilege" ? .regnamespace : .regclass
                let target = arguments[object]
                let value = values[object]
                checks.append(
                    target.type.isInteger
                        ? "(SELECT 1 WHERE \(try objectName(value, as: kind, at: position)) <> CAST(\(value) AS TEXT))"
                        : try objectInput(value, as: kind, at: position))
            }
            if name == "has_database_privilege", !arguments[object].type.isInteger {
                let database = values[object]
                checks.append(
                    "pg_object_in(CASE WHEN \(database) = \(Self.string(context.database)) THEN 1 END, 'database', \(database))"
                )
            }
            sql =
                checks.isEmpty
                ? "1" : "(CASE WHEN " + checks.map { "\($0) IS NOT NULL" }.joined(separator: " AND ") + " THEN 1 END)"
        default:
            sql = "\(name)(\(values.joined(separator: ", ")))"
        }
        return TypedSQL(sql: sql, type: signature.result, name: name)
    }

    /// A value as JSON text (`null` for NULL), as json_build_object writes it.
    static func jsonText(_ value: TypedSQL) -> String {
        let json: String
        if value.type == .bool {
            json = "(CASE WHEN \(value.sql) THEN 'true' WHEN NOT \(value.sql) THEN 'false' END)"
        } else if value.type.isNumeric {
            json = "CAST(\(value.sql) AS TEXT)"
        } else if value.type == .jsonb || value.type == .json {
            json = value.sql
        } else {
            json = "json_quote(CAST(\(value.sql) AS TEXT))"
        }
        return "coalesce(\(json), 'null')"
    }

    /// information_schema's namespace, whose relations need a schema to be named (as in PostgreSQL).
    public static let informationSchemaOID = 13_000

    /// Whether a value of `type` may be passed where `parameter` is declared (an array takes any array).
    static func accepts(_ parameter: SQLType, _ type: SQLType) -> Bool {
        if type == parameter || type == .unknown || parameter == .anyValue { return true }
        if parameter == .anyarray { return type.elementType != nil }
        if parameter == .oid { return type.isInteger }
        if parameter.isInteger { return type.isInteger && type != .oid }
        if Self.isText(parameter) { return Self.isText(type) }
        return false
    }

    struct CatalogSignature {
        /// The parameter lists it takes (one per arity).
        var parameters: [[SQLType]]
        var result: SQLType
    }

    static let catalogFunctions: [String: CatalogSignature] = [
        "pg_get_userbyid": CatalogSignature(parameters: [[.oid]], result: .name),
        "pg_table_is_visible": CatalogSignature(parameters: [[.oid]], result: .bool),
        "pg_type_is_visible": CatalogSignature(parameters: [[.oid]], result: .bool),
        "pg_function_is_visible": CatalogSignature(parameters: [[.oid]], result: .bool),
        "format_type": CatalogSignature(parameters: [[.oid, .int4]], result: .text),
        "pg_get_expr": CatalogSignature(
            parameters: [[.pgNodeTree, .oid], [.pgNodeTree, .oid, .bool]], result: .text),
        "obj_description": CatalogSignature(parameters: [[.oid], [.oid, .name]], result: .text),
        "col_description": CatalogSignature(parameters: [[.oid, .int4]], result: .text),
        "shobj_description": CatalogSignature(parameters: [[.oid, .name]], result: .text),
        "pg_encoding_to_char": CatalogSignature(parameters: [[.int4]], result: .name),
        "pg_get_function_result": CatalogSignature(parameters: [[.oid]], result: .text),
        "pg_get_function_arguments": CatalogSignature(parameters: [[.oid]], result: .text),
        "pg_get_function_identity_arguments": CatalogSignature(parameters: [[.oid]], result: .text),
        "pg_relation_is_publishable": CatalogSignature(parameters: [[.oid]], result: .bool),
        "pg_get_statisticsobjdef_columns": CatalogSignature(parameters: [[.oid]], result: .text),
        "to_regclass": CatalogSignature(parameters: [[.text]], result: .regclass),
        "to_regtype": CatalogSignature(parameters: [[.text]], result: .regtype),
        "to_regnamespace": CatalogSignature(parameters: [[.text]], result: .regnamespace),
        "json_build_object": CatalogSignature(
            parameters: (0...16).map { [SQLType](repeating: .anyValue, count: $0 * 2) }, result: .json),
        "pg_get_serial_sequence": CatalogSignature(parameters: [[.text, .text]], result: .text),
        "pg_collation_is_visible": CatalogSignature(parameters: [[.oid]], result: .bool),
        "current_setting": CatalogSignature(parameters: [[.text], [.text, .bool]], result: .text),
        "set_config": CatalogSignature(parameters: [[.text, .text, .bool]], result: .text),
        "pg_get_viewdef": CatalogSignature(parameters: [[.oid], [.oid, .bool]], result: .text),
        "pg_get_indexdef": CatalogSignature(parameters: [[.oid], [.oid, .int4, .bool]], result: .text),
        "pg_get_constraintdef": CatalogSignature(parameters: [[.oid], [.oid, .bool]], result: .text),
        "array_to_string": CatalogSignature(
            parameters: [[.anyarray, .text], [.anyarray, .text, .text]], result: .text),
        "array_upper": CatalogSignature(parameters: [[.anyarray, .int4]], result: .int4),
        "array_lower": CatalogSignature(parameters: [[.anyarray, .int4]], result: .int4),
        "array_length": CatalogSignature(parameters: [[.anyarray, .int4]], result: .int4),
        "cardinality": CatalogSignature(parameters: [[.anyarray]], result: .int4),
        "current_schemas": CatalogSignature(parameters: [[.bool]], result: .nameArray),
        "current_database": CatalogSignature(parameters: [[]], result: .name),
        "current_schema": CatalogSignature(parameters: [[]], result: .name),
        "has_table_privilege": CatalogSignature(
            parameters: [[.anyValue, .text], [.anyValue, .anyValue, .text]], result: .bool),
        "has_schema_privilege": CatalogSignature(
            parameters: [[.anyValue, .text], [.anyValue, .anyValue, .text]], result: .bool),
        "has_database_privilege": CatalogSignature(
            parameters: [[.anyValue, .text], [.anyValue, .anyValue, .text]], result: .bool),
        "has_column_privilege": CatalogSignature(
            parameters: [[.anyValue, .anyValue, .text], [.anyValue, .anyValue, .anyValue, .text]], result: .bool),
    ]
}
