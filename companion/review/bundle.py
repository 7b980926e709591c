"""Assembling a signed review bundle from its files (docs/review-bundle-format.md)."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from companion.atomic import atomic_output
from companion.domain.register_log import Entry
from companion.errors import KnownError
from companion.review.bundle_format import BUNDLE_FORMAT as BUNDLE_FORMAT
from companion.review.bundle_format import REGISTER_FORMAT as REGISTER_FORMAT
from companion.review.bundle_format import SIGNED_FILES as SIGNED_FILES
from companion.review.bundle_format import sha256_hex as sha256_hex
from companion.review.checkpoint import Checkpoint
from companion.review.keys import fingerprint, public_pem


def register_json(log_id: str, entries: list[Entry]) -> bytes:
    document = {
        "format": REGISTER_FORMAT, "version": 1, "log_id": log_id,
        "entries": [
            {"seq": e.seq, "kind": e.kind, "payload": e.payload,
             "previous_hash": e.previous_hash, "entry_hash": e.entry_hash,
             "signatures": [{"fingerprint": fp, "sig": sig} for fp, sig in e.signatures]}
            for e in entries
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


@dataclass(frozen=True)
class BundleHeader:
    """What the manifest says about the bundle besides its files."""

    generator: str
    created_at: str
    period_from: str
    period_to: str
    practitioner_name: str
    log_id: str
    checkpoint: Checkpoint
    rules_version: str


def seal(files: Mapping[str, bytes], header: BundleHeader, signer: Ed25519PrivateKey
         ) -> dict[str, bytes]:
    """Add the manifest, SHA256SUMS and their signatures to the bundle's files."""
    sealed = dict(sorted(files.items()))
    listed = [{"path": name, "sha256": sha256_hex(data), "size": len(data)}
              for name, data in sealed.items()]
    manifest = {
        "format": BUNDLE_FORMAT, "version": 1, "generator": header.generator,
        "created_at": header.created_at,
        "period": {"from": header.period_from, "to": header.period_to},
        "practitioner": {"name": header.practitioner_name,
                         "fingerprint": fingerprint(signer.public_key())},
        "log_id": header.log_id,
        "checkpoint": {"size": header.checkpoint.size, "head": header.checkpoint.head},
        "rules_version": header.rules_version,
        "files": listed,
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    sealed["manifest.json"] = manifest_bytes
    sealed["manifest.sig"] = signer.sign(manifest_bytes)
    sums = "".join(f"{sha256_hex(data)}  {name}\n" for name, data in sorted(sealed.items())
                   if name not in ("SHA256SUMS", "SHA256SUMS.sig"))
    sealed["SHA256SUMS"] = sums.encode("utf-8")
    sealed["SHA256SUMS.sig"] = signer.sign(sealed["SHA256SUMS"])
    return sealed


def signed_checkpoint_files(checkpoint: Checkpoint, signer: Ed25519PrivateKey,
                            prefix: str = "checkpoint") -> dict[str, bytes]:
    text = checkpoint.text().encode("ascii")
    return {f"{prefix}.txt": text, f"{prefix}.sig": signer.sign(text)}


def key_files(public_pems: Mapping[str, str], current: Ed25519PrivateKey) -> dict[str, bytes]:
    files = {f"keys/{fp}.pem": pem.encode("ascii") for fp, pem in public_pems.items()}
    files["practitioner.pem"] = public_pem(current.public_key()).encode("ascii")
    return files


def write_zip(files: Mapping[str, bytes], out: Path) -> Path:
    """Write the bundle atomically: a complete zip or nothing."""
    out = out.expanduser().resolve()
    if not out.parent.is_dir():
        raise KnownError("保存先のフォルダがありません: {path}", path=out.parent)
    with atomic_output(out) as partial, zipfile.ZipFile(partial, "w") as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            archive.writestr(info, data)
    return out
