"""Null cells of the regular reading filled from a recovered one, row by row, never over a value.

Used when a document is partly degraded (a flattened crawl in which some rows kept a space between
their cells, so the regular reader read those rows and left the glued ones null). A row the two
readings disagree on is left as the regular reader read it, with an issue: when two readers place
the same digits differently, neither is trusted to fill the other's gaps.
"""

from __future__ import annotations

from extract.record import issue
from extract.recover import build as b


def fill_nulls(result: dict, recovered: dict) -> dict:
    """`result` with its null t2/t3/t4 cells taken from `recovered` where no row disagrees (in place)."""
    if recovered.get("table_templates", {}).get("t3") != (result.get("table_templates") or {}).get("t3"):
        return result  # read under different templates: the rows are not the same rows
    mine = {c["key"]: c for c in recovered["cells"]}
    at = {c["key"]: i for i, c in enumerate(result["cells"])}
    issues: list[dict] = []
    filled = 0
    for name, keys in _rows(result):
        have = [result["cells"][at[k]]["value"] if k in at else None for k in keys]
        new = [mine[k]["value"] if k in mine else None for k in keys]
        if any(h is not None and n is not None and h != n for h, n in zip(have, new, strict=True)):
            issues.append(
                issue(
                    "warning",
                    "recovery_conflict",
                    f"{name}: read {have}, the digit runs say {new}; "
                    "kept the values read, filled nothing from the runs",
                    cell=name,
                )
            )
            continue
        for k, h, n in zip(keys, have, new, strict=True):
            if h is None and n is not None:
                if k in at:
                    result["cells"][at[k]] = mine[k]
                else:
                    at[k] = len(result["cells"])
                    result["cells"].append(mine[k])
                filled += 1
    if not filled and not issues:
        return result
    for c in result["cells"]:  # the value maps follow the cells
        v = c["value"]
        if c["table"] == "t3" and c["row"] in result["t3"]:
            result["t3"][c["row"]][_col_index(result, c)] = v
        elif c["table"] == "t4":
            result["t4"][_t4_index(recovered, c)] = v
        elif c["table"] == "t2" and c["row"] in result["t2"]:
            result["t2"][c["row"]][c["col"]] = v
    result["issues"] = [
        *result["issues"],
        *issues,
        *[i for i in recovered["issues"] if i["code"] != "flattened_tables"],
    ]
    tt = dict(result.get("table_templates") or {})
    b.refresh(result)  # a table the regular reader missed and the runs filled is no longer missing
    for t, v in (recovered.get("table_templates") or {}).items():
        if tt.get(t) is None and result["table_status"].get(t) != "missing":
            tt[t] = v
    result["table_templates"] = tt
    return result


def _rows(result: dict) -> list[tuple[str, list[str]]]:
    rows: dict[str, list[str]] = {}
    for c in result["cells"]:
        name = "t4" if c["table"] == "t4" else f"{c['table']}.{c['row']}"
        rows.setdefault(name, []).append(c["key"])
    return list(rows.items())


def _col_index(result: dict, cell: dict) -> int:
    from extract.template import load_template

    version = result["table_templates"]["t3"]
    return [c.key for c in load_template(version).t3_columns].index(cell["col"])


def _t4_index(recovered: dict, cell: dict) -> int:
    from extract.template import load_template

    version = recovered["table_templates"]["t4"]
    return [c.key for c in load_template(version).t4_columns].index(cell["col"])
