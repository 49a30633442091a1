"""The warehouse layer below the command line: where the project and warehouse are (`paths`) and dbt runs
on the DuckDB file (`dbt`). `expectations/` and the library pipeline (`ogi.pipeline`) build on it; it
imports nothing of `ogi`, so the CLI depends on the library and never the reverse."""
