"""The header's account links say where they go: the name of who is signed in is text, and
the link to the change-password page says "Change password" (it once read "Administrator")."""

from __future__ import annotations

import lxml.html

from tests.accounts.helpers import PASSWORD, real_user, submit_login


def test_the_account_links_say_where_they_go(app):
    real_user(app, email="officer@example.org", name="Priya Shah")
    client = app.test_client(as_user=None)
    assert submit_login(client, "officer@example.org", PASSWORD).status_code == 302
    page = lxml.html.fromstring(client.get("/").get_data(as_text=True))
    [account] = page.xpath("//header//ul[@class='app-account']")
    links = {" ".join(a.text_content().split()): a.get("href") for a in account.xpath(".//a")}
    assert links == {
        "Notifications": "/notifications/",
        "Change password": "/account/password",
        "API tokens": "/account/tokens",
    }
    assert account.xpath("./li[@class='account-name']")[0].text_content() == "Priya Shah"
    assert client.get(links["Change password"]).status_code == 200
