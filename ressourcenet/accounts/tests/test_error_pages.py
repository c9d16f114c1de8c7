"""Error pages look like the site and give nothing away."""

from django.test import RequestFactory

from ressourcenet.accounts.views import server_error

DKFDS_STYLESHEET = '<link rel="stylesheet" href="/static/dkfds/css/dkfds.min.css">'


def test_page_not_found_uses_the_site_layout(client, db):
    response = client.get("/plans/findes-ikke/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "Ressourcenet" in content
    assert DKFDS_STYLESHEET in content
    assert [t.name for t in response.templates][0] == "404.html"


def test_forbidden_page_for_a_logged_in_user_uses_the_site_layout(login, outsider, plan):
    response = login(outsider).get("/plans/testby/people/")

    assert response.status_code == 403
    content = response.content.decode()
    assert DKFDS_STYLESHEET in content
    assert "udenfor@example.org" in content  # the header shows who is logged in


def test_server_error_page_uses_the_site_layout_and_shows_no_traceback():
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    content = response.content.decode()
    assert "Ressourcenet" in content
    assert DKFDS_STYLESHEET in content
    assert "Traceback" not in content
    assert "Exception" not in content
