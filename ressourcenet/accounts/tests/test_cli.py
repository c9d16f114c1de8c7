"""The `ressourcenet` command's friendly names."""

import pytest

from ressourcenet.__main__ import _translate


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["token", "create", "x@example.dk"], ["createtoken", "x@example.dk"]),
        (
            ["token", "create", "x@example.dk", "--name", "n"],
            ["createtoken", "x@example.dk", "--name", "n"],
        ),
        (["demo"], ["loaddemo"]),
        (["demo", "--if-empty"], ["loaddemo", "--if-empty"]),
        (["migrate", "--no-input"], ["migrate", "--no-input"]),
        (["check", "--deploy"], ["check", "--deploy"]),
        ([], []),
    ],
)
def test_friendly_names_become_django_commands(argv, expected):
    assert _translate(argv) == expected


@pytest.mark.parametrize("argv", [["token"], ["token", "delete", "x@example.dk"]])
def test_unknown_token_subcommand_shows_the_usage(argv):
    with pytest.raises(SystemExit, match="ressourcenet token create EMAIL"):
        _translate(argv)
