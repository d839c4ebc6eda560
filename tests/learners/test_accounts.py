"""Accounts through allauth: sign-up with a verified e-mail address, log-in and out, the password
flows, rate limits, the admin's log-in, and anonymous play carried over to the account."""

import re
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from cases.models import Attempt
from learners.models import ReviewItem
from tests.factories import make_case, make_user, option

pytestmark = pytest.mark.usefixtures("content")
PASSWORD = "correct horse battery staple"


def link_in(message):
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_sign_up_verifies_the_address_by_mail_then_signs_in(client):
    response = client.post(
        "/accounts/signup/", {"email": "ana@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session  # not signed in before the address is verified
    (message,) = mail.outbox
    assert message.to == ["ana@example.org"] and message.subject.startswith("[Legweak]")
    link = link_in(message)
    assert client.get(link).status_code == 200  # a page with a button: a mail scanner's GET confirms nothing
    assert not User.objects.get(email="ana@example.org").emailaddress_set.get().verified
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == "/me/"
    assert User.objects.get(email="ana@example.org").emailaddress_set.get().verified
    page = client.get("/me/").content.decode()
    assert "Signed in as <strong>ana@example.org</strong>" in page


def test_an_unverified_account_cannot_sign_in(client, db):
    make_user(username="una", verified=False)
    response = client.post("/accounts/login/", {"login": "una@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1  # the verification mail is sent again


def test_sign_up_refuses_a_taken_address_and_a_weak_password_with_messages(client, learner):
    response = client.post("/accounts/signup/", {"email": "x@example.org", "password1": "123", "password2": "123"})
    assert response.status_code == 200 and "too short" in response.content.decode()
    assert not User.objects.filter(email="x@example.org").exists()


def test_log_in_and_out(client, learner):
    response = client.post("/accounts/login/", {"login": learner.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/me/"
    home = client.get("/").content.decode()
    assert f"Signed in as <strong>{learner.email}</strong>" in home and "Sign out" in home
    assert client.get("/accounts/logout/").status_code == 200  # a GET asks; it does not sign out
    assert "_auth_user_id" in client.session
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and "_auth_user_id" not in client.session
    assert "Sign in" in client.get("/").content.decode()


def test_failed_log_ins_are_throttled(client, learner):
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": learner.email, "password": "wrong password"})
        assert response.status_code == 200 and "not correct" in response.content.decode()
    response = client.post("/accounts/login/", {"login": learner.email, "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_by_mail(client, learner):
    response = client.post("/accounts/password/reset/", {"email": learner.email})
    assert response.status_code == 302
    (message,) = mail.outbox
    response = client.get(link_in(message))  # allauth moves the key into the session, then asks
    form_url = response["Location"]
    new = "a brand new passphrase 42"
    response = client.post(form_url, {"password1": new, "password2": new})
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.check_password(new)
    assert Client().post("/accounts/login/", {"login": learner.email, "password": new}).status_code == 302


def test_password_reset_for_an_unknown_address_tells_nothing(client, db):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302  # the same answer as for a known address
    (message,) = mail.outbox  # to the address given: it tells its owner there is no account
    assert "do not have any record" in message.body and "/password/reset/key/" not in message.body
    assert message.body.startswith("Hello from Legweak!")


def test_password_change_when_signed_in(client, learner):
    client.force_login(learner)
    new = "another long passphrase 7"
    response = client.post("/accounts/password/change/", {"oldpassword": PASSWORD, "password1": new, "password2": new})
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.check_password(new)


def test_anonymous_play_moves_to_the_account_at_log_in_and_its_misses_become_reviews(client, learner):
    case = make_case()
    client.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1, correct=False).key})
    assert ReviewItem.objects.count() == 0  # a visitor has no review queue
    client.post("/accounts/login/", {"login": learner.email, "password": PASSWORD})
    attempt = Attempt.objects.get()
    assert attempt.learner == learner and attempt.session_key == ""
    item = ReviewItem.objects.get()
    assert item.learner == learner and item.step.number == 1


def test_the_admin_signs_in_through_allauth(client, instructor):
    response = client.get("/admin/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302 and unquote(response["Location"]) == "/accounts/login/?next=/admin/"
    response = client.post(response["Location"], {"login": instructor.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_admin_refuses_a_learner(client, learner):
    client.force_login(learner)
    assert client.get("/admin/").status_code in (302, 403)
    assert client.get("/admin/login/").status_code == 403


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/accounts/confirm-email/"]
)
def test_account_pages_use_the_site_layout_and_no_inline_script(client, db, url):
    html = client.get(url).content.decode()
    assert 'class="site-header"' in html and 'class="skip-link"' in html and "<title>" in html
    assert "· Legweak</title>" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # every script is a file of ours


def test_anonymous_play_moves_to_a_new_account_when_its_address_is_confirmed(client):
    case = make_case()
    client.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1, correct=False).key})
    client.post("/accounts/signup/", {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD})
    client.post(link_in(mail.outbox[0]))
    user = User.objects.get(email="new@example.org")
    assert Attempt.objects.get().learner == user
    assert ReviewItem.objects.get().learner == user
