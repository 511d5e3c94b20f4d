"""Every variant price change is noted by the database itself (the EU's reference price).

The lowest price of the previous 30 days must hold whoever changes a price: a form's
``save()``, admin's editable list, a ``QuerySet.update``, a ``bulk_update`` from an import, a
script's raw SQL. ``post_save`` sees only the first, so two triggers on the variants' table
write ``VariantPrice`` rows instead: one when a variant is created, one when an update changes
its price (an update that leaves it as it was notes nothing). Catalogue knows nothing of them.

SQLite drops a table's triggers when a migration rebuilds it (its way of altering a table), so
:func:`price_history_install` runs after every ``migrate`` too (``receivers``), and
``tests/promotions/test_price_history.py`` checks they are in place.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

VARIANTS = "catalogue_productvariant"
PRICES = "promotions_variantprice"
TRIGGERS = ("promotions_price_on_insert", "promotions_price_on_update")
INSTALLED_BY = "0003_price_history_triggers"  # the migration that installs them first

_SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"  # UTC, as Django stores datetimes there
_SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS promotions_price_on_insert AFTER INSERT ON {VARIANTS}
    FOR EACH ROW BEGIN
        INSERT INTO {PRICES} (variant_id, price, since) VALUES (NEW.id, NEW.price, {_SQLITE_NOW});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS promotions_price_on_update AFTER UPDATE OF price ON {VARIANTS}
    FOR EACH ROW WHEN NEW.price IS NOT OLD.price BEGIN
        INSERT INTO {PRICES} (variant_id, price, since) VALUES (NEW.id, NEW.price, {_SQLITE_NOW});
    END""",
]
_POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION promotions_price_note() RETURNS trigger AS $$
    BEGIN
        INSERT INTO {PRICES} (variant_id, price, since) VALUES (NEW.id, NEW.price, now());
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    f"""CREATE OR REPLACE TRIGGER promotions_price_on_insert AFTER INSERT ON {VARIANTS}
    FOR EACH ROW EXECUTE FUNCTION promotions_price_note()""",
    f"""CREATE OR REPLACE TRIGGER promotions_price_on_update AFTER UPDATE OF price ON {VARIANTS}
    FOR EACH ROW WHEN (NEW.price IS DISTINCT FROM OLD.price)
    EXECUTE FUNCTION promotions_price_note()""",
]


def _statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return _SQLITE
    if vendor == "postgresql":
        return _POSTGRES
    raise NotImplementedError(f"no price history triggers for {vendor}")


def price_history_install(connection: BaseDatabaseWrapper) -> None:
    """Create the triggers where they are missing (idempotent)."""
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor):
            cursor.execute(statement)


def price_history_uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            if connection.vendor == "sqlite":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {VARIANTS}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS promotions_price_note()")


def price_history_triggers(connection: BaseDatabaseWrapper) -> set[str]:
    """The price history triggers the database has now."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()} & set(TRIGGERS)
