"""What the Instructors group may do, and no more: write and publish cases (with their steps,
options and teaching points), read the knowledge base they point into, read attempts, and run
their own cohorts and assignments (which /teach/ limits to their own). No superuser powers: no
users, no groups, no editing of the knowledge base itself."""

INSTRUCTORS = "Instructors"

PERMISSIONS = {
    "cases": {
        "case": ["add", "change", "view"],
        "step": ["add", "change", "delete", "view"],
        "option": ["add", "change", "delete", "view"],
        "teachingpoint": ["add", "change", "delete", "view"],
        "attempt": ["view"],
    },
    "knowledge": {
        "structure": ["view"],
        "condition": ["view"],
        "investigation": ["view"],
        "passage": ["view"],
        "source": ["view"],
    },
    "teaching": {
        "cohort": ["add", "change", "view"],
        "assignment": ["add", "change", "delete", "view"],
        "membership": ["view", "delete"],
    },
}


def codenames():
    """(app label, codename) of every permission the group holds."""
    return [
        (app, f"{action}_{model}")
        for app, models in PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    ]


def sync_group(apps):
    """Create or update the group (from a data migration, with historical models)."""
    from django.contrib.auth.management import create_permissions

    for config in apps.get_app_configs():  # permissions are made after migrate; make them now
        config.models_module = True
        create_permissions(config, verbosity=0, apps=apps)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=INSTRUCTORS)
    wanted = codenames()
    found = [
        permission
        for permission in Permission.objects.filter(codename__in=[codename for _, codename in wanted]).select_related(
            "content_type"
        )
        if (permission.content_type.app_label, permission.codename) in wanted
    ]
    missing = set(wanted) - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        raise RuntimeError(f"permissions not found for the Instructors group: {sorted(missing)}")
    group.permissions.set(found)


def instructors_group():
    """The group, made again if it is missing (a test database flushed between tests loses what
    the data migration made; a production database always has it)."""
    from django.apps import apps
    from django.contrib.auth.models import Group

    group = Group.objects.filter(name=INSTRUCTORS).first()
    if group is None:
        sync_group(apps)
        group = Group.objects.get(name=INSTRUCTORS)
    return group
