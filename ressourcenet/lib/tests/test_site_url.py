"""Links in e-mails and calendar files use the address the site is served on."""

import os
import subprocess
import sys


def site_url(**env: str) -> str:
    environment = {
        key: value for key, value in os.environ.items() if key not in {"SITE_URL", "PORT"}
    }
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "-c", "from ressourcenet import settings; print(settings.SITE_URL)"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_links_follow_the_port_the_site_is_served_on():
    assert site_url(PORT="8123") == "http://127.0.0.1:8123"


def test_without_a_port_links_go_to_the_default_port():
    assert site_url() == "http://127.0.0.1:8000"


def test_site_url_wins_over_the_port():
    assert site_url(PORT="8123", SITE_URL="https://ressourcenet.example.dk/") == (
        "https://ressourcenet.example.dk"
    )
