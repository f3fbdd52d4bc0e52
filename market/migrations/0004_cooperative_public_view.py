"""The read model other packages' SQL may use of the cooperatives (see market/readmodels.py):
the view ``market_cooperative_public`` with the columns they may read."""

from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("market", "0003_versioned_topics")]

    operations = [
        ops.RunSQL(
            "CREATE VIEW market_cooperative_public AS"
            " SELECT id, slug, name, province, regency, status, syariah, timezone FROM cooperative",
            reverse_sql="DROP VIEW market_cooperative_public",
        )
    ]
