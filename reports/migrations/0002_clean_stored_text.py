"""Text saved before every form cleaned it (the summary heading did not): control characters
removed from every text column, history tables included, so `manage.py backup` works again."""

from django.db import migrations

from config import stored_text


def clean_stored_text(apps, schema_editor):
    stored_text.repair(stored_text.stored_models(apps, schema_editor.connection))


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_summary_heading"),
        ("inspections", "0008_order_by_parent_id"),
        ("villages", "0008_office_adjustment_bounds"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(clean_stored_text, migrations.RunPython.noop, elidable=False)]
