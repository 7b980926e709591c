"""The Qt window. Only this package and ``companion.app`` import PySide6.

Views talk to the database only through ``tasks.DbWorker`` (use cases from
``companion.services`` run on its thread); they never hold a Session.
"""
