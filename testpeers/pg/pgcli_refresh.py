"""pgcli's startup introspection against a server: every completion refresher pgcli runs when it connects.

Usage: pgcli_refresh.py HOST PORT USER DATABASE

pgcli (PyPI) fills its completer in a background thread after connecting; a failing catalog query there is
only logged, so this script runs the same refreshers (pgcli.completion_refresher) in order on pgcli's own
executor and lets their errors escape. Prints JSON: the server version pgcli read, the search path, and the
schemas, tables, views, columns, functions and types the refreshers found.
"""

import json
import sys

from pgcli.completion_refresher import CompletionRefresher
from pgcli.pgcompleter import PGCompleter
from pgcli.pgexecute import PGExecute


def main() -> None:
    host, port, user, database = sys.argv[1:5]
    executor = PGExecute(database=database, user=user, host=host, port=int(port), password="")
    completer = PGCompleter()
    ran = []
    for name, refresher in CompletionRefresher.refreshers.items():
        refresher(completer, executor)
        ran.append(name)
    metadata = completer.dbmetadata
    tables = {schema: sorted(relations) for schema, relations in metadata["tables"].items()}
    views = {schema: sorted(relations) for schema, relations in metadata["views"].items()}
    columns = {
        f"{schema}.{relation}": list(fields)
        for schema, relations in metadata["tables"].items()
        for relation, fields in relations.items()
    }
    report = {
        "server_version": executor.server_version,
        "refreshers": ran,
        "search_path": completer.search_path,
        "schemata": sorted(metadata["tables"].keys()),
        "tables": tables,
        "views": views,
        "columns": columns,
        "functions": sum(len(functions) for functions in metadata["functions"].values()),
        "datatypes": sum(len(types) for types in metadata["datatypes"].values()),
    }
    executor.conn.close()
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
