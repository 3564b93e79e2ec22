"""The README is the front door: it must name every setting, command and canned query."""

import re

import pytest

from service.cli import cli
from service.config import PROJECT_ROOT, SETTINGS
from service.queries import load_queries

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=[s.name for s in SETTINGS])
def test_docs_every_setting_is_in_the_readme_table(setting):
    row = next((ln for ln in README.splitlines() if ln.startswith(f"| `{setting.env}`")), None)
    assert row is not None, setting.env
    assert setting.help in row


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_docs_every_cli_command_is_shown(command):
    assert re.search(rf"newskg {command}\b", README), command


def test_docs_make_targets_are_the_two_setup_commands():
    assert "make run" in README and "make test" in README
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    assert re.search(r"^run: install", makefile, re.M) and re.search(r"^test: install", makefile, re.M)
    assert "make test" in (PROJECT_ROOT / ".ci/run").read_text()


def test_docs_canned_queries_are_listed_in_the_readme():
    for q in load_queries():
        assert f"queries/{q.name}.rq" in README, q.name
