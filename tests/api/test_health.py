"""GET /health: 200 when the database answers, 503 when it does not; nothing else said."""

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/none"  # nothing listens on port 1


def test_health_is_ok_when_the_database_answers(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_health_is_503_when_the_database_is_unreachable(make_app):
    app = make_app(DATABASE_URL=UNREACHABLE)
    response = app.test_client(as_user=None).get("/health")  # no sign-in, as a load balancer
    assert response.status_code == 503
    assert response.mimetype == "application/json"
    assert response.get_json() == {"status": "unavailable", "database": "unavailable"}
    raw = response.get_data(as_text=True)
    assert "127.0.0.1" not in raw and "postgres" not in raw  # no connection details leak


def test_health_is_get_only(client):
    assert client.post("/health").status_code == 405
