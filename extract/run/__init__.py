"""Running extraction: executors that spread chunks of files over workers (`executors`) and the per-file
limits every worker enforces (`limits`)."""
