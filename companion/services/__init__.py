"""Use cases. Each write use case owns one transaction and returns what changed."""
