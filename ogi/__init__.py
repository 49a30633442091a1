"""`ogi`: one command line over extraction, the dbt warehouse, the expectations and the export."""
