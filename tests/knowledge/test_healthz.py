from django.db import DatabaseError

from knowledge.views import api


def test_healthz_is_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


class UnreachableDatabase:
    def cursor(self):
        raise DatabaseError("connection refused")


def test_healthz_is_503_when_the_database_does_not_answer(client, db, monkeypatch):
    monkeypatch.setattr(api, "connection", UnreachableDatabase())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert b"database unavailable" in response.content


def test_healthz_is_not_redirected_to_https_so_a_load_balancer_sees_200(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True  # as in production; the exemption comes from the settings file
    assert client.get("/healthz").status_code == 200
    assert client.get("/cases/").status_code == 301  # everything else still goes to https
