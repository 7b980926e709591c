"""Helpers the tests share: factories of realistic records, sample data for the window,
report fixtures, review-bundle helpers and the command-line runner.

One uniquely named package on the test path (``pythonpath = ["tests"]``): tests import
from here, never from a ``conftest`` module or from another test module, so any test
folder runs alone, with others, and in any order.
"""
