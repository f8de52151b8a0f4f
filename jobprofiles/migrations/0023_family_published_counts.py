from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("jobprofiles", "0022_page_parts")]

    operations = [
        migrations.AddField(
            model_name="jobfamily",
            name="published_count",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="fiches publiées"),
        ),
        migrations.AddField(
            model_name="jobfamily",
            name="counted_until",
            field=models.DateTimeField(
                editable=False,
                help_text="Prochaine publication programmée.",
                null=True,
                verbose_name="compte valable jusqu’au",
            ),
        ),
    ]
