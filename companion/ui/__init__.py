"""The Qt window. Only this package and ``companion.app`` import PySide6.

Views run the use cases of ``companion.services`` only through ``ops`` (an op per call:
the service function and its arguments, success and failure callbacks on the GUI
thread), which runs them on ``tasks.DbWorker`` (database work, one thread) or its second
pool (slow work without the database). No view holds a Session
(tests/unit/test_layering.py checks it).
"""
