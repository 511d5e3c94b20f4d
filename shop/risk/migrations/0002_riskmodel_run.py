"""The risk model becomes a run (shop.core.models.Run), like builds, forecasts and segments.

Every existing row was a finished training, so it becomes a succeeded run that finished when it
was trained and started its training time earlier. Backwards, the trainings that did not
succeed (which the old table could not hold) are dropped.
"""

from datetime import timedelta

import django.utils.timezone
from django.db import migrations, models


def trainings_to_runs(apps, schema_editor):
    RiskModel = apps.get_model("risk", "RiskModel")
    rows = list(RiskModel.objects.all())
    for row in rows:
        row.status = "succeeded"
        row.finished_at = row.trained_at
        row.duration_seconds = round(row.duration_ms / 1000, 2)
        row.started_at = row.trained_at - timedelta(milliseconds=row.duration_ms)
    RiskModel.objects.bulk_update(
        rows, ["status", "finished_at", "duration_seconds", "started_at"]
    )


def runs_to_trainings(apps, schema_editor):
    RiskModel = apps.get_model("risk", "RiskModel")
    RiskModel.objects.exclude(status="succeeded").delete()
    rows = list(RiskModel.objects.all())
    for row in rows:
        row.trained_at = row.finished_at or row.started_at
        row.duration_ms = round((row.duration_seconds or 0) * 1000)
    RiskModel.objects.bulk_update(rows, ["trained_at", "duration_ms"])


class Migration(migrations.Migration):
    dependencies = [
        ("risk", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="riskmodel",
            name="status",
            field=models.CharField(
                choices=[("running", "Running"), ("succeeded", "Succeeded"), ("failed", "Failed")],
                default="running",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="riskmodel",
            name="started_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="started"),
        ),
        migrations.AddField(
            model_name="riskmodel",
            name="finished_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="finished"),
        ),
        migrations.AddField(
            model_name="riskmodel",
            name="duration_seconds",
            field=models.FloatField(blank=True, null=True, verbose_name="duration (s)"),
        ),
        migrations.AddField(
            model_name="riskmodel",
            name="error",
            field=models.TextField(blank=True, verbose_name="error"),
        ),
        # Nullable for the way back, which re-adds it empty before filling it.
        migrations.AlterField(
            model_name="riskmodel",
            name="trained_at",
            field=models.DateTimeField(null=True, verbose_name="trained"),
        ),
        migrations.AlterField(
            model_name="riskmodel",
            name="hold_threshold",
            field=models.FloatField(blank=True, null=True, verbose_name="hold at score"),
        ),
        migrations.RunPython(trainings_to_runs, runs_to_trainings),
        migrations.RemoveField(model_name="riskmodel", name="trained_at"),
        migrations.RemoveField(model_name="riskmodel", name="duration_ms"),
    ]
