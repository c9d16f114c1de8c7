"""Lists of names in a sentence: unambiguous even when a name has a comma of its own."""

import pytest
from django.utils import translation

from ressourcenet.lib.names import join_names


@pytest.mark.parametrize(
    ("names", "joined"),
    [
        ([], ""),
        (["frivillig"], "frivillig"),
        (["frivillig", "gæst"], "frivillig and gæst"),
        (["frivillig", "gæst", "beboerbestyrelse"], "frivillig, gæst and beboerbestyrelse"),
        (["fagperson, ledelse", "frivillig"], "fagperson, ledelse; and frivillig"),
        (
            ["fagperson, ledelse", "fagperson, medarbejder", "frivillig"],
            "fagperson, ledelse; fagperson, medarbejder; and frivillig",
        ),
    ],
)
def test_join_names(names, joined):
    with translation.override("en"):
        assert join_names(names) == joined


def test_a_name_with_a_comma_is_never_split_by_the_separator():
    names = ["Fagperson, ledelse", "Frivillig", "Fagperson, medarbejder"]

    with translation.override("en"):
        joined = join_names(names)

    parts = joined.replace("; and ", "; ").split("; ")
    assert parts == names
