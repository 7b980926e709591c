"""The review commands as a practitioner and a reviewer run them."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from companion_testing.cli import companion


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("review")
    data = root / "data"
    assert companion("demo", data_dir=data).returncode == 0
    out = root / "令和8年度_開示.zip"
    result = companion("review-export", "--out", str(out), data_dir=data)
    assert result.returncode == 0, result.stderr
    assert "鍵の指紋" in result.stdout
    return data, out


def test_verify_passes_without_any_data_folder(bundle: tuple[Path, Path], tmp_path: Path) -> None:
    _data, out = bundle
    result = companion("verify", str(out), data_dir=tmp_path / "reviewer-has-nothing")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK")
    assert not (tmp_path / "reviewer-has-nothing").exists()


def test_verify_names_each_problem_on_its_own_line(bundle: tuple[Path, Path], tmp_path: Path) -> None:
    _data, out = bundle
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(tampered, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "register.csv":
                data = data.replace("出資".encode(), "寄付".encode())
            if name != "versions.csv":
                target.writestr(name, data)
    result = companion("verify", str(tampered))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert any("register.csv" in line for line in lines)
    assert any("versions.csv" in line for line in lines)
    assert all(line.startswith("NG:") for line in lines)


def test_verify_with_a_pinned_key_and_since_itself(bundle: tuple[Path, Path]) -> None:
    _data, out = bundle
    assert companion("verify", str(out), "--since", str(out)).returncode == 0
    assert companion("verify", str(out), "--expect-key", "00112233445566778899").returncode == 1


def test_import_review_refuses_a_file_that_is_not_a_response(bundle: tuple[Path, Path],
                                                             tmp_path: Path) -> None:
    data, _out = bundle
    junk = tmp_path / "response.json"
    junk.write_text('{"payloadType": "text/plain"}', encoding="utf-8")
    result = companion("import-review", str(junk), data_dir=data)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
