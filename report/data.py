"""Reading the marts for the site: named SQL queries from report/queries, run on a read-only connection.

Queries are SQL files split by `-- name: <query>` lines. A few columns are added by other parts of the
project over time (a document's source_format); `{{source_format}}` is replaced by the column when the
mart has it, else by a fallback the page labels as such, so the site builds on any warehouse version.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import duckdb

QUERIES = Path(__file__).parent / "queries"
_NAME = re.compile(r"^-- name: (\w+)\s*$", re.M)

# without a source_format column, the file extension names the format (html, txt, pdf …)
SOURCE_FORMAT_FALLBACK = (
    "coalesce(lower(regexp_extract(documents_sf.source_file, '\\.([A-Za-z0-9]+)$', 1)), '?')"
)


@cache
def queries(page: str) -> dict[str, str]:
    """The named queries of report/queries/<page>.sql."""
    text = (QUERIES / f"{page}.sql").read_text(encoding="utf-8")
    parts = _NAME.split(text)
    return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts), 2)}


def has_column(con: duckdb.DuckDBPyConnection, schema: str, table: str, column: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.columns "
            "where table_schema = ? and table_name = ? and column_name = ?",
            [schema, table, column],
        ).fetchone()[0]
    )


_PART = re.compile(r"\{\{part:(\w+)\}\}")


class Marts:
    """A read-only view of the warehouse's marts, with the column substitutions of this warehouse."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.has_source_format = has_column(con, "marts", "dim_document", "source_format")

    def sql(self, page: str, name: str) -> str:
        """Named query `name` of report/queries/<page>.sql, with `{{part:NAME}}` replaced by that file's
        query NAME (columns several queries share, written once) and this warehouse's substitutions."""
        named = queries(page)
        text = _PART.sub(lambda m: named[m[1]], named[name])
        if "{{source_format}}" in text:
            # dim_document is aliased `documents` in joins and unaliased in the overview
            alias = "documents." if "marts.dim_document as documents" in text else ""
            expr = (
                f"coalesce({alias}source_format, '?')"
                if self.has_source_format
                else SOURCE_FORMAT_FALLBACK.replace("documents_sf.", alias)
            )
            text = text.replace("{{source_format}}", expr)
        return text

    def rows(self, page: str, name: str) -> list[dict]:
        cur = self.con.execute(self.sql(page, name))
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    def tuples(self, page: str, name: str) -> list[tuple]:
        return self.con.execute(self.sql(page, name)).fetchall()
