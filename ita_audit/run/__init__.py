"""Running audits: params files, one agency-year, batches on a process pool or Dask, and the
re-execution that verifies a record."""
