"""``companion export-all`` / ``import-all`` and ``list visits --json`` as a user runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from companion_testing.cli import companion

VISIT_FIELDS = {"id", "engagement_id", "engagement_title", "client_name", "started_at",
                "ended_at", "mode", "place", "attendees", "purpose", "notes", "strengths",
                "issues", "decisions", "follow_up_on", "follow_up_done_at", "distance_km",
                "created_at", "updated_at", "next_actions", "attachments"}


@pytest.fixture(scope="module")
def demo_dir(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("open") / "data"
    shutil.copytree(demo_template, folder, ignore=shutil.ignore_patterns(".lock"))
    return folder


@pytest.fixture(scope="module")
def exported(demo_dir: Path) -> Path:
    out = demo_dir.parent / "export"
    result = companion("export-all", "--out", str(out), data_dir=demo_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"すべてのデータを書き出しました: {out}")
    assert "visit\t" in result.stdout and "添付ファイル 0 件" in result.stdout
    return out


def test_export_all_then_import_all_brings_back_the_same_data(demo_dir: Path, exported: Path) -> None:
    target = demo_dir.parent / "imported"
    result = companion("import-all", str(exported), data_dir=target)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"すべてのデータを取り込みました: {target}")
    counts = dict(line.split("\t") for line in result.stdout.splitlines() if "\t" in line)
    manifest = json.loads((exported / "manifest.json").read_text(encoding="utf-8"))
    assert counts == {t["table"]: str(t["rows"]) for t in manifest["tables"]}
    check = companion("check", data_dir=target)
    assert check.returncode == 0, check.stderr
    for what in ("engagements", "visits", "disclosures"):
        before = companion("list", what, "--json", data_dir=demo_dir)
        after = companion("list", what, "--json", data_dir=target)
        assert after.returncode == 0 and json.loads(after.stdout) == json.loads(before.stdout)
    # Private keys never travel in the open export: signing says so in one line.
    signed = companion("review-export", "--out", str(demo_dir.parent / "after-import.zip"),
                       data_dir=target)
    assert signed.returncode == 2 and "Traceback" not in signed.stderr
    assert "署名鍵の秘密鍵がありません" in signed.stderr and len(signed.stderr.splitlines()) == 1


def test_the_export_is_readable_without_companion(exported: Path) -> None:
    visits = [json.loads(line) for line in
              (exported / "visit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(visits) >= 100 and all(v["notes"] and v["started_at"].endswith("+00:00")
                                      for v in visits)
    readme = (exported / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Companion のデータ") and "# Companion data" in readme
    assert "PRIVATE KEY" not in (exported / "signingkey.jsonl").read_text(encoding="utf-8")


def test_list_visits_json_gives_each_visit_whole(demo_dir: Path) -> None:
    result = companion("list", "visits", "--json", data_dir=demo_dir)
    assert result.returncode == 0, result.stderr
    visits = json.loads(result.stdout)
    assert visits and all(set(v) == VISIT_FIELDS for v in visits)
    assert all(v["notes"] and v["strengths"] and v["decisions"] for v in visits)
    actions = [a for v in visits for a in v["next_actions"]]
    assert actions and set(actions[0]) == {"id", "text", "owner", "due_on", "done_at",
                                           "plan_item_id"}
    newest = companion("list", "visits", data_dir=demo_dir)
    plain = newest.stdout.splitlines()
    assert len(visits) > 100 and len(plain) == 100  # the table: the newest 100, and says so
    assert [line.split("\t")[0] for line in plain] == [v["id"] for v in visits[:100]]
    assert "新しい順に 100 件を表示しました" in newest.stderr
    every = companion("list", "visits", "--all", data_dir=demo_dir)
    assert len(every.stdout.splitlines()) == len(visits) and every.stderr == ""
    assert all(len(line.split("\t")) == 5 for line in every.stdout.splitlines())
    assert len(json.loads(companion("list", "visits", "--json", "--limit", "3",
                                    data_dir=demo_dir).stdout)) == 3
    wrong = companion("list", "engagements", "--limit", "3", data_dir=demo_dir)
    assert wrong.returncode == 2 and "--limit と --all は list visits にだけ使えます" in wrong.stderr


def test_visits_of_an_engagement_that_does_not_exist_is_an_error(demo_dir: Path) -> None:
    unknown = "00000000-0000-4000-8000-000000000000"
    for extra in ((), ("--json",)):
        result = companion("list", "visits", "--engagement", unknown, *extra, data_dir=demo_dir)
        assert result.returncode == 2 and result.stdout == ""
        assert f"案件が見つかりません: {unknown}" in result.stderr
    english = companion("list", "visits", "--engagement", unknown, data_dir=demo_dir,
                        env={"COMPANION_LANG": "en"})
    assert english.returncode == 2 and f"Engagement not found: {unknown}" in english.stderr


def test_export_all_refuses_the_data_folder_and_a_folder_in_use(demo_dir: Path,
                                                               exported: Path) -> None:
    inside = companion("export-all", "--out", str(demo_dir / "out"), data_dir=demo_dir)
    assert inside.returncode == 2 and "データフォルダの中には書き出せません" in inside.stderr
    assert not (demo_dir / "out").exists()
    again = companion("export-all", "--out", str(exported), data_dir=demo_dir)
    assert again.returncode == 2 and len(again.stderr.splitlines()) == 1
    assert "書き出し先のフォルダが空ではありません" in again.stderr


def test_import_all_refuses_data_and_names_a_bad_line(demo_dir: Path, exported: Path) -> None:
    into_data = companion("import-all", str(exported), data_dir=demo_dir)
    assert into_data.returncode == 2 and len(into_data.stderr.splitlines()) == 1
    assert "取り込み先のデータフォルダが空ではありません" in into_data.stderr

    broken = demo_dir.parent / "broken"
    shutil.copytree(exported, broken)
    lines = (broken / "visit.jsonl").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2][:-1]  # one line cut short
    (broken / "visit.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = demo_dir.parent / "never"
    result = companion("import-all", str(broken), data_dir=target, env={"COMPANION_LANG": "en"})
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert "visit.jsonl, line 3: not valid JSON" in result.stderr
    assert not target.exists()  # the folder it would have made is not left behind

