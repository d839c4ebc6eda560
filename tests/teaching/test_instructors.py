"""The Instructors group holds what daily work needs and nothing more; make_instructor grants it."""

import pytest
from django.core.management import CommandError, call_command

from teaching.permissions import codenames
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("content")


def test_the_group_is_made_by_migration_with_exactly_its_permissions(db):
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Group

    Group.objects.filter(name="Instructors").delete()
    import_module("teaching.migrations.0002_instructors_group").make_group(apps, None)
    group = Group.objects.get(name="Instructors")
    held = {(p.content_type.app_label, p.codename) for p in group.permissions.select_related("content_type")}
    assert held == set(codenames())
    assert ("cases", "change_case") in held and ("cases", "delete_case") not in held
    assert not {codename for app, codename in held if app == "auth"}  # no users, no groups
    assert not {codename for app, codename in held if app == "knowledge" and not codename.startswith("view_")}


def test_make_instructor_by_email(db, capsys):
    user = make_user(username="newteacher")
    call_command("make_instructor", "NewTeacher@example.org")
    user.refresh_from_db()
    assert user.is_staff and not user.is_superuser and user.groups.filter(name="Instructors").exists()
    assert "is an instructor" in capsys.readouterr().out
    with pytest.raises(CommandError, match="no account"):
        call_command("make_instructor", "nobody@example.org")


def test_an_instructor_writes_cases_in_the_admin_but_manages_no_users(client, teacher):
    client.force_login(teacher)
    assert client.get("/admin/cases/case/add/").status_code == 200
    assert client.get("/admin/cases/step/").status_code == 200
    assert client.get("/admin/knowledge/structure/").status_code == 200  # to read, for autocomplete
    assert client.get("/admin/knowledge/structure/add/").status_code == 403
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403


def test_teach_is_for_instructors_only(client, learner, teacher):
    assert client.get("/teach/").status_code == 302  # a visitor: sign in first
    client.force_login(learner)
    assert client.get("/teach/").status_code == 404  # a student finds nothing
    client.force_login(teacher)
    assert client.get("/teach/").status_code == 200
