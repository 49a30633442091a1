"""Extraction: report files in, parse records (docs/REPORTS.md §9) out, landed as raw tables.

The parsing modules are pure functions (text in, record out) so they can be tested in isolation
and run in worker processes; only `land` touches the warehouse.
"""

# Bump when parsing output changes: landing replaces documents parsed by an older version.
EXTRACTOR_VERSION = "0.1.0"
