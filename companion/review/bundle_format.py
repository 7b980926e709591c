"""The names a review bundle is checked by (docs/review-bundle-format.md), apart from
``companion.review.bundle`` that makes bundles: ``companion verify`` needs these and none
of the making (its dataclass, the signing, the writing)."""

from __future__ import annotations

import hashlib

BUNDLE_FORMAT = "companion-review-bundle"
REGISTER_FORMAT = "companion-register"
SIGNED_FILES = ("manifest.json", "manifest.sig", "SHA256SUMS", "SHA256SUMS.sig")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
