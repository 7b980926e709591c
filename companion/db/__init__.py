"""Storage: the SQLite engine and its pragmas, the models, queries and migrations."""
