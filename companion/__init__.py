"""Companion: records, plans and conflict-of-interest disclosures for 伴走支援."""

__version__ = "0.1.0"
APP_NAME = "Companion"
APP_ID = "companion"
