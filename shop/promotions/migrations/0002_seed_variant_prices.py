"""Every variant's price as it is now starts its price history (the EU reference price)."""

from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    variant_model = apps.get_model("catalogue", "ProductVariant")
    price_model = apps.get_model("promotions", "VariantPrice")
    now = timezone.now()
    rows = [
        price_model(variant_id=pk, price=price, since=now)
        for pk, price in variant_model.objects.values_list("pk", "price").iterator()
    ]
    price_model.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("promotions", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
