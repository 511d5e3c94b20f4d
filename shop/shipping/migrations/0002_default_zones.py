"""Where a fresh shop delivers: Germany (its home), the rest of the EU, and the UK, Switzerland
and Norway, each with standard and express delivery. Prices include VAT, as shelf prices do;
staff change them in the admin (Shipping)."""

from decimal import Decimal

from django.db import migrations

EU_WITHOUT_DE = (
    "AT BE BG CY CZ DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)
METHODS = (("standard", "Standard delivery", 0), ("express", "Express delivery", 1))
# zone: (countries, {method: (price, free from, min days, max days)})
ZONES = (
    ("Germany", ["DE"], {"standard": ("4.95", "50.00", 2, 3), "express": ("12.95", None, 1, 1)}),
    (
        "European Union",
        EU_WITHOUT_DE,
        {"standard": ("7.95", "75.00", 3, 6), "express": ("19.95", None, 1, 3)},
    ),
    (
        "UK, Switzerland and Norway",
        ["CH", "GB", "NO"],
        {"standard": ("12.95", "150.00", 4, 8), "express": ("29.95", None, 2, 4)},
    ),
)


def seed(apps, schema_editor):
    Zone = apps.get_model("shipping", "ShippingZone")
    Method = apps.get_model("shipping", "ShippingMethod")
    Rate = apps.get_model("shipping", "ShippingRate")
    methods = {
        code: Method.objects.get_or_create(code=code, defaults={"name": name, "position": pos})[0]
        for code, name, pos in METHODS
    }
    for position, (name, countries, rates) in enumerate(ZONES):
        zone, _created = Zone.objects.get_or_create(
            name=name, defaults={"countries": countries, "position": position}
        )
        for code, (price, free_over, fastest, slowest) in rates.items():
            Rate.objects.get_or_create(
                zone=zone,
                method=methods[code],
                defaults={
                    "price": Decimal(price),
                    "free_over": Decimal(free_over) if free_over else None,
                    "min_days": fastest,
                    "max_days": slowest,
                },
            )


def unseed(apps, schema_editor):
    apps.get_model("shipping", "ShippingZone").objects.filter(
        name__in=[name for name, _c, _r in ZONES]
    ).delete()
    apps.get_model("shipping", "ShippingMethod").objects.filter(
        code__in=[code for code, _n, _p in METHODS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("shipping", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
