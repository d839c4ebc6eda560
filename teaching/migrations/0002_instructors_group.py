from django.db import migrations


def make_group(apps, schema_editor):
    from teaching.permissions import sync_group

    sync_group(apps)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Instructors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("teaching", "0001_initial"),
        ("cases", "0006_option_segment"),
        ("knowledge", "0006_structure_spread"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(make_group, remove_group)]
