"""Dialogs: about, passphrase, crash report, messages."""
