"""OCR of scanned reports and images of tables (issue 12).

`base` holds the engine interface and lookup (entry-point group `ogi.ocr_engines`), `rapidocr` the
default engine adapter, `raster` page images (PDF rendering, deskew), `layout` table structure from
the image (ruling lines, or clustered text boxes), `pages` the page reader that ties them into
`Page`s, and `verify` the rule: every OCR cell keeps its confidence and is verified by the balance
rules or flagged. Nothing here imports an engine at module import time: without the `ocr` extra the
readers return a document with an issue that says how to enable OCR.
"""
