#!/usr/bin/env python3
"""SQLAlchemy's inspector (psycopg 3 driver) against a PostgreSQL server: prints what it reads, one JSON document.

Usage: sqlalchemy_inspect.py HOST PORT USER DATABASE TABLE...
Prints {"schemas": [...], "tables": [...], "views": {"mz_catalog": [...], "public": [...]}, "columns": {TABLE: [{name, type,
nullable, default}, ...]}} with types as SQLAlchemy names them; an error exits 1 with its message.
"""
import json
import sys

from sqlalchemy import create_engine, inspect

host, port, user, database, tables = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
engine = create_engine(f"postgresql+psycopg://{user}@{host}:{port}/{database}?sslmode=disable&connect_timeout=10")
inspector = inspect(engine)
schemas = inspector.get_schema_names()
report = {
    "schemas": schemas,
    "tables": inspector.get_table_names(),
    "views": {schema: inspector.get_view_names(schema=schema) for schema in schemas if schema in ("mz_catalog", "public")},
    "columns": {
        table: [
            {"name": c["name"], "type": repr(c["type"]), "nullable": c["nullable"], "default": c["default"]}
            for c in inspector.get_columns(table)
        ]
        for table in tables
    },
}
print(json.dumps(report, sort_keys=True))
