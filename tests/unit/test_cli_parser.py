"""A command line starting with a command's name is parsed by that command's parser
alone (``build_parser(name)``, issue 19): it must understand and refuse exactly what the
whole command line does, and the whole one must offer every command."""

from __future__ import annotations

import argparse

import pytest

from companion.cli import COMMAND_PARSERS, build_parser, parse_command_line


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_the_whole_command_line_offers_every_command_in_order() -> None:
    assert list(_commands(build_parser())) == list(COMMAND_PARSERS)
    assert "verify" in build_parser().format_help()


@pytest.mark.parametrize("name", list(COMMAND_PARSERS))
def test_a_command_alone_has_the_help_and_arguments_it_has_in_the_whole_line(name: str) -> None:
    alone = _commands(build_parser(name))
    assert list(alone) == [name]
    assert alone[name].format_help() == _commands(build_parser())[name].format_help()


@pytest.mark.parametrize("words", [
    ["verify", "bundle.zip", "--expect-key", "392d f0ba a0cd e656", "--since", "old.zip"],
    ["list", "visits", "--engagement", "4922fec9", "--limit", "5", "--json"],
    ["search", "販路", "--data-dir", "folder"],
    ["report", "4922fec9", "--out", "報告書.docx", "--fiscal-year", "2026", "--wareki"],
    ["sponsor-target", "set", "--sponsor", "遠野市", "--fiscal-year", "2026",
     "--measure", "CONSULTATIONS", "--target", "120"],
    ["referral", "import", "引き継ぎ_相馬農園.companion-referral", "--dry-run"],
    ["sync", "--status", "--json"],
    ["demo", "--size", "large"],
])
def test_a_command_line_means_what_the_whole_parser_reads(words: list[str]) -> None:
    assert parse_command_line(words) == build_parser().parse_args(words)


@pytest.mark.parametrize("words", [
    ["verify"],
    ["list", "everything"],
    ["report", "4922fec9"],
    ["search", "販路", "--limit", "0"],
    ["referral"],
])
def test_a_wrong_command_line_is_refused_with_the_whole_parsers_message(
        words: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as alone:
        parse_command_line(words)
    message = capsys.readouterr().err
    with pytest.raises(SystemExit) as whole:
        build_parser().parse_args(words)
    assert (alone.value.code, message) == (whole.value.code, capsys.readouterr().err)
    assert alone.value.code == 2 and message.startswith("companion")


def test_options_before_the_command_and_unknown_commands_use_the_whole_parser(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert parse_command_line(["--data-dir", "folder", "search", "販路"]).data_dir == "folder"
    with pytest.raises(SystemExit):
        parse_command_line(["serch", "販路"])
    assert "'search'" in capsys.readouterr().err  # the choices are all listed
