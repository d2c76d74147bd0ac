"""Plain Python domain: no I/O. Errors, statuses, the extraction model."""
