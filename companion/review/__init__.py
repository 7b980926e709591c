"""The third-party review: bundle export, signatures, verification, responses. No Qt."""
