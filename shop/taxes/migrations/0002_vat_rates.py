"""VAT of the EU member states, the UK, Switzerland and Norway: each country's standard rate and
a "Books" class at the rate it charges on printed books.

Standard and reduced rates as the European Commission's Taxes in Europe Database lists them
(TEDB, version of 28 April 2026; CH, GB and NO from their tax authorities' published rates).
The books rate of a state is one of its reduced rates, its super-reduced rate or zero (books
are zero-rated in CZ, IE, GB and NO; DK has no reduced rate). Rates change: staff edit them in
the admin (Taxes), and this migration only seeds a fresh shop.
"""

from decimal import Decimal

from django.db import migrations

# country: (standard, reduced rates (TEDB), printed books)
RATES = {
    "AT": ("20", ("10", "13", "19"), "10"),
    "BE": ("21", ("6", "12"), "6"),
    "BG": ("20", ("9",), "9"),
    "CY": ("19", ("5", "9"), "5"),
    "CZ": ("21", ("12",), "0"),
    "DE": ("19", ("7",), "7"),
    "DK": ("25", (), "25"),
    "EE": ("24", ("9", "13"), "9"),
    "ES": ("21", ("10",), "4"),
    "FI": ("25.5", ("10", "13.5"), "13.5"),
    "FR": ("20", ("5.5", "10"), "5.5"),
    "GR": ("24", ("6", "13"), "6"),
    "HR": ("25", ("5", "13"), "5"),
    "HU": ("27", ("5", "18"), "5"),
    "IE": ("23", ("9", "13.5"), "0"),
    "IT": ("22", ("5", "10"), "4"),
    "LT": ("21", ("5", "12"), "5"),
    "LU": ("17", ("8", "14"), "3"),
    "LV": ("21", ("5", "12"), "12"),
    "MT": ("18", ("5", "7"), "5"),
    "NL": ("21", ("9",), "9"),
    "PL": ("23", ("5", "8"), "5"),
    "PT": ("23", ("6", "13"), "6"),
    "RO": ("21", ("11",), "11"),
    "SE": ("25", ("6", "12"), "6"),
    "SI": ("22", ("5", "9.5"), "5"),
    "SK": ("23", ("5", "19"), "5"),
    "GB": ("20", ("5",), "0"),
    "CH": ("8.1", ("2.6", "3.8"), "2.6"),
    "NO": ("25", ("12", "15"), "0"),
}


def seed(apps, schema_editor):
    TaxClass = apps.get_model("taxes", "TaxClass")
    TaxRate = apps.get_model("taxes", "TaxRate")
    books, _created = TaxClass.objects.get_or_create(
        slug="books",
        defaults={
            "name": "Books",
            "description": "Printed books, taxed at a reduced or zero rate in most countries.",
        },
    )
    for country, (standard, _reduced, book_rate) in RATES.items():
        TaxRate.objects.get_or_create(
            country=country, tax_class=None, defaults={"rate": Decimal(standard)}
        )
        TaxRate.objects.get_or_create(
            country=country, tax_class=books, defaults={"rate": Decimal(book_rate)}
        )


def unseed(apps, schema_editor):
    apps.get_model("taxes", "TaxRate").objects.filter(country__in=list(RATES)).delete()
    apps.get_model("taxes", "TaxClass").objects.filter(slug="books").delete()


class Migration(migrations.Migration):
    dependencies = [("taxes", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
