"""Encryption at rest: the data key, its recovery copy, and encrypted files."""
