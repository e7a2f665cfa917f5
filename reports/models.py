"""Reports own no tables: they are read-only views over actionplan and evidence."""
