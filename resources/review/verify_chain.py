#!/usr/bin/env python3
"""Replay a Companion register and check it against checkpoints — standard library only.

    python3 verify_chain.py register.json --checkpoint checkpoint.txt
    python3 verify_chain.py register.json --checkpoint checkpoint.txt --since OLD-checkpoint.txt

Checks that every entry's hash is SHA-256 over its exact payload (docs: entry_hash =
SHA-256("companion/log-entry/v1\\n" seq "\\n" kind "\\n" previous_hash "\\n" payload)),
that entries are numbered 1..N with no gap or duplicate and each names the one before,
that the checkpoint states this log's size and head, and, with --since, that this log
extends the older checkpoint: its first OLD-size entries end in OLD's head hash, so
nothing reviewed before was changed, removed or reordered. Signatures are checked with
openssl (see README-reviewer); this script needs no packages. Exit 0 when all holds.
"""

import argparse
import hashlib
import json
import sys

PREFIX = b"companion/log-entry/v1\n"


def entry_hash(entry):
    data = (PREFIX + str(entry["seq"]).encode("ascii") + b"\n" + entry["kind"].encode("ascii")
            + b"\n" + entry["previous_hash"].encode("ascii") + b"\n"
            + entry["payload"].encode("utf-8"))
    return hashlib.sha256(data).hexdigest()


def read_checkpoint(path):
    with open(path, encoding="utf-8", newline="") as handle:
        lines = handle.read().split("\n")
    if len(lines) != 5 or lines[0] != "companion-checkpoint/v1" or lines[4] != "":
        raise SystemExit(f"NG: {path}: チェックポイントの形式ではありません")
    fields = dict(line.split(" ", 1) for line in lines[1:4])
    return fields["log"], int(fields["size"]), fields["head"]


def replay(register):
    previous = ""
    for index, entry in enumerate(register["entries"]):
        if entry["seq"] != index + 1:
            return f"記録 {index + 1} の位置に seq {entry['seq']} があります(欠番か重複)"
        if entry["previous_hash"] != previous:
            return f"記録 {entry['seq']}: 直前の記録のハッシュと一致しません"
        if entry_hash(entry) != entry["entry_hash"]:
            return f"記録 {entry['seq']}: 内容がハッシュと一致しません(改変)"
        previous = entry["entry_hash"]
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("register")
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--since", help="前回のチェックポイント(previous-checkpoint.txt など)")
    args = parser.parse_args()
    with open(args.register, encoding="utf-8") as handle:
        register = json.load(handle)
    entries = register["entries"]
    problem = replay(register)
    if problem:
        print(f"NG: {problem}")
        return 1
    log_id, size, head = read_checkpoint(args.checkpoint)
    actual_head = entries[-1]["entry_hash"] if entries else ""
    if (log_id, size, head) != (register["log_id"], len(entries), actual_head):
        print("NG: チェックポイントが記録の件数・先頭ハッシュと一致しません")
        return 1
    if args.since:
        old_log, old_size, old_head = read_checkpoint(args.since)
        if old_log != log_id:
            print("NG: 前回のチェックポイントは別の実践者(別の記録)のものです")
            return 1
        if old_size > len(entries):
            print(f"NG: 記録が前回({old_size}件)より短くなっています({len(entries)}件)")
            return 1
        if old_size and entries[old_size - 1]["entry_hash"] != old_head:
            print(f"NG: 前回までの{old_size}件のどこかが変更されています(記録 {old_size} の時点で不一致)")
            return 1
        print(f"OK: 前回の{old_size}件はそのままで、{len(entries) - old_size}件が追記されています")
    print(f"OK: {len(entries)}件の記録のハッシュチェーンは正しく、チェックポイントと一致します")
    return 0


if __name__ == "__main__":
    sys.exit(main())
