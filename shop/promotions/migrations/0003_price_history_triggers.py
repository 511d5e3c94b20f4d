"""Variant prices are noted by database triggers, whoever changes them (QuerySet.update,
bulk_update, raw SQL), not only by save(): see shop/promotions/price_history.py."""

from django.db import migrations


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    from shop.promotions.price_history import price_history_install

    price_history_install(schema_editor.connection)


def uninstall(apps, schema_editor):  # type: ignore[no-untyped-def]
    from shop.promotions.price_history import price_history_uninstall

    price_history_uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("promotions", "0002_seed_variant_prices"),
        ("catalogue", "0005_search_attributes"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
