"""``companion verify`` imports only what a bundle needs checked (issue 19): the review
responses' code (DSSE, the findings) only for a bundle that has a review."""

from __future__ import annotations

import subprocess
import sys

from companion.domain.register_log import Entry
from companion.review import response, verify


def test_the_names_verify_uses_for_reviews_are_those_of_the_responses() -> None:
    assert verify.REVIEW_KIND == response.KIND_REVIEW
    assert verify.REVIEWS_FOLDER == response.REVIEWS_FOLDER


def test_a_bundle_without_reviews_is_checked_without_the_responses_code() -> None:
    script = """
import sys
from companion.domain.register_log import Entry
from companion.review.verify import review_problems
entry = Entry(1, "disclosure", '{"number": 1}', "", "ab" * 32)
print(review_problems({"register.json": b"{}"}, "log", [entry]))
print("companion.review.response" in sys.modules)
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["[]", "False"]


def test_a_review_file_the_register_does_not_record_is_still_found() -> None:
    entry = Entry(1, "disclosure", '{"number": 1}', "", "ab" * 32)
    problems = verify.review_problems({"reviews/2026-12-01-suzuki.json": b"not an envelope"}, "log",
                                      [entry])
    assert problems == [problems[0]] and problems[0].startswith("reviews/2026-12-01-suzuki.json: ")


def test_a_review_the_register_records_but_the_bundle_lacks_is_still_found() -> None:
    recorded = Entry(2, verify.REVIEW_KIND, '{"envelope_sha256": "00"}', "ab" * 32, "cd" * 32)
    problems = verify.review_problems({}, "log", [recorded])
    assert problems == response.bundle_review_problems({}, "log", [recorded]) and problems
