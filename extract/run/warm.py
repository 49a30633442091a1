"""Imported once by the fork server before it forks any worker: the parser, the template and pyarrow's
lazy initialisation (~0.25 s on first use) are then paid once, not once per worker."""

from extract.land import records_to_arrow
from extract.parse import parse_bytes

records_to_arrow([])
parse_bytes("二〇二三年政府信息公开工作年度报告\n一、总体情况\n".encode(), "warm.txt")
