"""One reader per source format: bytes in, `extract.document.Document` out."""
