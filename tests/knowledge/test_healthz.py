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
