"""A product's barcode (GTIN) for the retail counter and the POS: a column, and a partial unique
index so two of one cooperative's products never share a barcode (an unset one is "")."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_search_seller_vocabulary")]

    initial = False

    operations = [
        ops.AddField(model_name="Product", name="barcode", field=fields.CharField(max_length=14, default="")),
        ops.RunSQL(
            "CREATE UNIQUE INDEX catalog_product_barcode ON catalog_product (cooperative_id, barcode)"
            " WHERE barcode <> ''",
            reverse_sql="DROP INDEX catalog_product_barcode",
        ),
    ]
