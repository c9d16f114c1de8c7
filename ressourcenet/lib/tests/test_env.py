"""Settings from environment variables: defaults, and loud failures on bad values."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from ressourcenet.lib.env import env_bool, env_choice, env_int, env_list, env_str

NAME = "RESSOURCENET_TEST_VALUE"


@pytest.fixture(autouse=True)
def _unset(monkeypatch):
    monkeypatch.delenv(NAME, raising=False)


def test_str_reads_the_value_or_the_default(monkeypatch):
    assert env_str(NAME, "standard") == "standard"
    monkeypatch.setenv(NAME, "sat")
    assert env_str(NAME, "standard") == "sat"


def test_str_without_default_must_be_set():
    with pytest.raises(ImproperlyConfigured, match=NAME):
        env_str(NAME)


def test_str_set_to_empty_is_empty(monkeypatch):
    monkeypatch.setenv(NAME, "")

    assert env_str(NAME) == ""


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", " yes ", "on"])
def test_bool_true_words(monkeypatch, raw):
    monkeypatch.setenv(NAME, raw)

    assert env_bool(NAME) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_bool_false_words(monkeypatch, raw):
    monkeypatch.setenv(NAME, raw)

    assert env_bool(NAME, default=True) is False


def test_bool_unset_gives_the_default():
    assert env_bool(NAME) is False
    assert env_bool(NAME, default=True) is True


@pytest.mark.parametrize("raw", ["ja", "2", "truthy", "nej"])
def test_bool_refuses_other_words(monkeypatch, raw):
    monkeypatch.setenv(NAME, raw)

    with pytest.raises(ImproperlyConfigured, match=NAME):
        env_bool(NAME)


def test_int_reads_whole_numbers(monkeypatch):
    monkeypatch.setenv(NAME, "31536000")

    assert env_int(NAME, 5) == 31536000


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_int_unset_or_empty_gives_the_default(monkeypatch, raw):
    if raw is not None:
        monkeypatch.setenv(NAME, raw)

    assert env_int(NAME, 5) == 5


@pytest.mark.parametrize("raw", ["fem", "1.5", "10s"])
def test_int_refuses_what_is_not_a_whole_number(monkeypatch, raw):
    monkeypatch.setenv(NAME, raw)

    with pytest.raises(ImproperlyConfigured, match=NAME):
        env_int(NAME, 5)


def test_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv(NAME, " example.dk, www.example.dk ,,")

    assert env_list(NAME) == ["example.dk", "www.example.dk"]


def test_list_unset_gives_a_copy_of_the_default():
    default = ["localhost"]

    value = env_list(NAME, default)
    value.append("x")

    assert default == ["localhost"]
    assert env_list(NAME) == []


def test_list_set_to_empty_is_empty(monkeypatch):
    monkeypatch.setenv(NAME, "")

    assert env_list(NAME, ["localhost"]) == []


def test_choice_accepts_a_listed_value_in_any_case(monkeypatch):
    monkeypatch.setenv(NAME, " Production ")

    assert env_choice(NAME, ("development", "production"), "development") == "production"


def test_choice_unset_gives_the_default():
    assert env_choice(NAME, ("development", "production"), "development") == "development"


def test_choice_refuses_an_unlisted_value(monkeypatch):
    monkeypatch.setenv(NAME, "staging")

    with pytest.raises(ImproperlyConfigured, match="development, production"):
        env_choice(NAME, ("development", "production"), "development")
