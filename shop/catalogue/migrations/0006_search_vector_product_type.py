"""The search vector holds the product type's name too (weight B, beside the category's): a
product is found on PostgreSQL by its type ("hair dryer") as it is elsewhere, where the
search matches the type's name as a substring. Renaming a type or a category rebuilds its
products' vectors (a trigger on each), which only a product's own change did before."""

from django.db import migrations

# The vector's parts: (text, weight), as 0005 had them, with the type's name beside the category's.
CATEGORY = "(SELECT name FROM catalogue_category WHERE id = NEW.category_id)"
TYPE = "(SELECT name FROM catalogue_producttype WHERE id = NEW.product_type_id)"
PARTS = (
    ("NEW.title", "A"),
    ("NEW.brand", "A"),
    (CATEGORY, "B"),
    (TYPE, "B"),
    ("NEW.attributes_text", "B"),
    ("NEW.description", "C"),
)
COLUMNS = ("title", "brand", "description", "category_id", "attributes_text", "product_type_id")


def _function(parts: tuple[tuple[str, str], ...], columns: tuple[str, ...]) -> str:
    vector = " ||\n    ".join(
        f"setweight(to_tsvector('english', coalesce({text}, '')), '{weight}')"
        for text, weight in parts
    )
    return (
        "CREATE OR REPLACE FUNCTION catalogue_product_search_vector_update() RETURNS trigger "
        f"AS $$\nBEGIN\n  NEW.search_vector :=\n    {vector};\n  RETURN NEW;\nEND\n"
        "$$ LANGUAGE plpgsql;\n"
        "DROP TRIGGER IF EXISTS catalogue_product_search_vector_trigger ON catalogue_product;\n"
        "CREATE TRIGGER catalogue_product_search_vector_trigger\n"
        f"  BEFORE INSERT OR UPDATE OF {', '.join(columns)} ON catalogue_product\n"
        "  FOR EACH ROW EXECUTE FUNCTION catalogue_product_search_vector_update();"
    )


# A renamed type or category: its products' vectors again (the product trigger reads the name).
RENAMES = """
CREATE OR REPLACE FUNCTION catalogue_search_vector_rename() RETURNS trigger AS $$
BEGIN
  IF NEW.name IS DISTINCT FROM OLD.name AND TG_TABLE_NAME = 'catalogue_producttype' THEN
    UPDATE catalogue_product SET title = title WHERE product_type_id = NEW.id;
  ELSIF NEW.name IS DISTINCT FROM OLD.name THEN
    UPDATE catalogue_product SET title = title WHERE category_id = NEW.id;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS catalogue_producttype_search_rename ON catalogue_producttype;
CREATE TRIGGER catalogue_producttype_search_rename AFTER UPDATE OF name ON catalogue_producttype
  FOR EACH ROW EXECUTE FUNCTION catalogue_search_vector_rename();
DROP TRIGGER IF EXISTS catalogue_category_search_rename ON catalogue_category;
CREATE TRIGGER catalogue_category_search_rename AFTER UPDATE OF name ON catalogue_category
  FOR EACH ROW EXECUTE FUNCTION catalogue_search_vector_rename();
"""
DROP_RENAMES = """
DROP TRIGGER IF EXISTS catalogue_producttype_search_rename ON catalogue_producttype;
DROP TRIGGER IF EXISTS catalogue_category_search_rename ON catalogue_category;
DROP FUNCTION IF EXISTS catalogue_search_vector_rename();
"""
REBUILD = "UPDATE catalogue_product SET title = title;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_function(PARTS, COLUMNS))
        schema_editor.execute(RENAMES)
        schema_editor.execute(REBUILD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_RENAMES)
        schema_editor.execute(_function(tuple(p for p in PARTS if p[0] != TYPE), COLUMNS[:-1]))
        schema_editor.execute(REBUILD)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0005_search_attributes")]

    operations = [migrations.RunPython(forward, backward)]
