"""Search finds products by their attribute and option values and their variants' SKUs too
("camel cardigan", "merino", a variant's SKU): the trigger of migration 0002 also reads
``attributes_text``, which the catalogue's services keep."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION catalogue_product_search_vector_update() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.brand, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(
      (SELECT name FROM catalogue_category WHERE id = NEW.category_id), '')), 'B') ||
    setweight(to_tsvector('english', coalesce(NEW.attributes_text, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(NEW.description, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS catalogue_product_search_vector_trigger ON catalogue_product;
CREATE TRIGGER catalogue_product_search_vector_trigger
  BEFORE INSERT OR UPDATE OF title, brand, description, category_id, attributes_text
  ON catalogue_product
  FOR EACH ROW EXECUTE FUNCTION catalogue_product_search_vector_update();

UPDATE catalogue_product SET title = title;
"""

BACKWARD = """
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

DROP TRIGGER IF EXISTS catalogue_product_search_vector_trigger ON catalogue_product;
CREATE TRIGGER catalogue_product_search_vector_trigger
  BEFORE INSERT OR UPDATE OF title, brand, description, category_id ON catalogue_product
  FOR EACH ROW EXECUTE FUNCTION catalogue_product_search_vector_update();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0004_types_attributes_variants")]

    operations = [migrations.RunPython(forward, backward)]
