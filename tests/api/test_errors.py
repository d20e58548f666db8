"""JSON errors: 404 for an unknown key, 400 naming a bad parameter, 405 for a method a path
does not take."""

DETAIL_URLS = {
    "asks": "ask with slug",
    "statistics": "statistic with key",
    "sources": "source with key",
    "evidence": "evidence item with key",
    "responses": "response with key",
    "milestones": "milestone with key",
    "organisations": "organisation with key",
}


def test_unknown_key_is_a_json_404_naming_it(get, subtests):
    for collection, wording in DETAIL_URLS.items():
        with subtests.test(collection=collection):
            body = get(f"/api/v1/{collection}/no-such-thing", status=404)
            # evidence: not echoed, so a restricted item's 404 reads like any other
            detail = (
                "No evidence item with that key."
                if collection == "evidence"
                else f"No {wording} 'no-such-thing'."
            )
            assert body == {"error": {"status": 404, "title": "Not Found", "detail": detail}}


def test_a_key_with_a_nul_character_is_a_404(get):
    assert get("/api/v1/asks/a%00b", status=404)["error"]["detail"] == "No ask with slug 'a\x00b'."


def test_unknown_api_path_is_a_json_404(get):
    assert get("/api/v1/nothing-here", status=404)["error"]["status"] == 404


BAD_PARAMETERS = [
    ("/api/v1/statistics?per_page=abc", "per_page"),
    ("/api/v1/statistics?per_page=0", "per_page"),
    ("/api/v1/statistics?per_page=201", "per_page"),
    ("/api/v1/statistics?per_page=-5", "per_page"),
    ("/api/v1/statistics?per_page=²", "per_page"),
    ("/api/v1/asks?page=0", "page"),
    ("/api/v1/asks?page=x", "page"),
    ("/api/v1/asks?page=1.5", "page"),
    ("/api/v1/asks?page=99999999999999999999999", "page"),
    ("/api/v1/asks?status=nonsense", "status"),
    ("/api/v1/asks?priority=urgent", "priority"),
    ("/api/v1/asks?tag=missing-tag", "tag"),
    ("/api/v1/asks?target=missing-org", "target"),
    ("/api/v1/asks?archived=yes", "archived"),
    ("/api/v1/asks?sort=owner_email", "sort"),
    ("/api/v1/asks?sort=--title", "sort"),
    ("/api/v1/statistics?unit=furlongs", "unit"),
    ("/api/v1/statistics?ask=missing-ask", "ask"),
    ("/api/v1/statistics?source=missing-source", "source"),
    ("/api/v1/sources?kind=rumour", "kind"),
    ("/api/v1/evidence?sensitivity=secret", "sensitivity"),
    ("/api/v1/evidence?kind=anecdote", "kind"),
    ("/api/v1/evidence?ask=missing-ask", "ask"),
    ("/api/v1/responses?organisation=missing-org", "organisation"),
    ("/api/v1/responses?channel=pigeon", "channel"),
    ("/api/v1/responses?direction=sideways", "direction"),
    ("/api/v1/milestones?kind=party", "kind"),
    ("/api/v1/milestones?organisation=missing-org", "organisation"),
    ("/api/v1/milestones?ask=missing-ask", "ask"),
    ("/api/v1/organisations?kind=club", "kind"),
    # PostgreSQL refuses NUL in text: a 400, not a database error.
    ("/api/v1/asks?q=a%00b", "q"),
    ("/api/v1/statistics?ask=%00", "ask"),
    ("/api/v1/asks?sort=%00", "sort"),
    ("/api/v1/asks?page=%00", "page"),
]


def test_bad_query_parameter_is_a_json_400_naming_it(get, subtests):
    for url, parameter in BAD_PARAMETERS:
        with subtests.test(url=url):
            body = get(url, status=400)
            assert body["error"]["status"] == 400
            assert body["error"]["title"] == "Bad Request"
            assert body["error"]["detail"].startswith(f"{parameter}: ")


def test_400_details_say_what_is_allowed(get):
    assert get("/api/v1/asks?status=nonsense", status=400)["error"]["detail"] == (
        "status: must be one of draft, active, partly_met, met, dropped"
    )
    assert get("/api/v1/asks?per_page=abc", status=400)["error"]["detail"] == (
        "per_page: must be a whole number from 1 to 200"
    )
    assert get("/api/v1/statistics?ask=nope", status=400)["error"]["detail"] == (
        "ask: no ask with slug 'nope'"
    )


def test_unknown_parameters_are_ignored(get, make):
    make.statistic(key="s")
    assert get("/api/v1/statistics?colour=blue&status=whatever")["total"] == 1


NOT_ALLOWED = {  # the writes are POST to a collection and PATCH to an item (test_writes.py)
    "/api/v1/asks": ("put", "patch", "delete"),
    "/api/v1/asks/some-ask": ("post", "put", "delete"),
    "/api/v1/organisations/x": ("post", "put", "patch", "delete"),
    "/api/v1/claims": ("post", "put", "patch", "delete"),
}


def test_other_methods_are_not_allowed(client, make, subtests):
    make.ask(slug="some-ask", title="Unchanged")
    for url, methods in NOT_ALLOWED.items():
        for method in methods:
            with subtests.test(method=method, url=url):
                response = getattr(client, method)(url, json={"title": "changed"})
                assert response.status_code == 405
                assert response.mimetype == "application/json"
                assert response.get_json()["error"] == {
                    "status": 405,
                    "title": "Method Not Allowed",
                    "detail": "The method is not allowed for the requested URL.",
                }
    assert client.get("/api/v1/asks/some-ask").get_json()["title"] == "Unchanged"


def test_head_works_like_get(client, make):
    make.ask(slug="some-ask")
    assert client.head("/api/v1/asks/some-ask").status_code == 200
