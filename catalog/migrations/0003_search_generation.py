"""A generation number for the in-database search index.

Every write to ``catalog_search_doc`` (through the SQL engines) bumps it in the same
transaction, so a search result cached under generation g is known to be current for as long
as the stored number is still g, in every app process.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

FORWARD = (
    "CREATE TABLE catalog_search_state (id INTEGER NOT NULL PRIMARY KEY, generation BIGINT NOT NULL)",
    "INSERT INTO catalog_search_state (id, generation) VALUES (1, 0)",
)
BACKWARD = ("DROP TABLE IF EXISTS catalog_search_state",)


def _runner(statements):
    async def run(apps, schema_editor) -> None:
        for statement in statements:
            await schema_editor.client.execute_script(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_search_engines")]

    operations = [ops.RunPython(_runner(FORWARD), reverse_code=_runner(BACKWARD))]
