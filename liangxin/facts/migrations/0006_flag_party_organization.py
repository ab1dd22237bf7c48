from django.db import migrations, models


def forget_states(apps, schema_editor):
    """The open rows carry no party organization yet: no county's rows count as current until
    reconciled again (the next write or the nightly job fills it; meanwhile lists run live)."""
    apps.get_model("facts", "FlagState").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("facts", "0005_flag_state_and_scope"),
    ]

    operations = [
        migrations.AddField(
            model_name="flagrow",
            name="party_organization_id",
            field=models.IntegerField(blank=True, null=True),
        ),
        migrations.RunPython(forget_states, migrations.RunPython.noop),
    ]
