"""Full-text search on PostgreSQL: a trigger keeps ``search_vector`` current and a GIN index
serves it. A trigger rather than application code so bulk writes and admin edits can never
leave the vector stale. Other databases use the portable fallback and skip this migration."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION catalogue_product_search_vector_update() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.brand, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(
      (SELECT name FROM catalogue_category WHERE id = NEW.category_id), '')), 'B') ||
    setweight(to_tsvector('english', coalesce(NEW.description, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER catalogue_product_search_vector_trigger
  BEFORE INSERT OR UPDATE OF title, brand, description, category_id ON catalogue_product
  FOR EACH ROW EXECUTE FUNCTION catalogue_product_search_vector_update();

CREATE INDEX IF NOT EXISTS catalogue_product_search_gin
  ON catalogue_product USING gin (search_vector);

UPDATE catalogue_product SET title = title;
"""

BACKWARD = """
DROP INDEX IF EXISTS catalogue_product_search_gin;
DROP TRIGGER IF EXISTS catalogue_product_search_vector_trigger ON catalogue_product;
DROP FUNCTION IF EXISTS catalogue_product_search_vector_update();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
