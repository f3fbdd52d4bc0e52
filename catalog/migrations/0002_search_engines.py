"""Full-text parts of the search index that Tortoise models cannot express, per engine.

SQLite: an FTS5 table over ``catalog_search_doc`` (external content, kept in step by triggers)
and the deletion-neighbourhood table typo corrections are looked up in.
PostgreSQL: a generated, weighted ``tsvector`` column with a GIN index, and a trigram (GiST)
index on the term dictionary for typo corrections.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

SQLITE_FORWARD = (
    """CREATE VIRTUAL TABLE catalog_search_fts USING fts5(
        name_folded, body_folded, content='catalog_search_doc', content_rowid='product_id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')""",
    """CREATE TRIGGER catalog_search_doc_ai AFTER INSERT ON catalog_search_doc BEGIN
        INSERT INTO catalog_search_fts(rowid, name_folded, body_folded)
        VALUES (new.product_id, new.name_folded, new.body_folded);
    END""",
    """CREATE TRIGGER catalog_search_doc_ad AFTER DELETE ON catalog_search_doc BEGIN
        INSERT INTO catalog_search_fts(catalog_search_fts, rowid, name_folded, body_folded)
        VALUES ('delete', old.product_id, old.name_folded, old.body_folded);
    END""",
    """CREATE TRIGGER catalog_search_doc_au AFTER UPDATE OF name_folded, body_folded
        ON catalog_search_doc BEGIN
        INSERT INTO catalog_search_fts(catalog_search_fts, rowid, name_folded, body_folded)
        VALUES ('delete', old.product_id, old.name_folded, old.body_folded);
        INSERT INTO catalog_search_fts(rowid, name_folded, body_folded)
        VALUES (new.product_id, new.name_folded, new.body_folded);
    END""",
    """CREATE TABLE catalog_search_term_variant (
        variant TEXT NOT NULL, term TEXT NOT NULL, PRIMARY KEY (variant, term)) WITHOUT ROWID""",
    "CREATE INDEX catalog_search_doc_visible ON catalog_search_doc (coop_active, in_stock, category)",
)
SQLITE_BACKWARD = (
    "DROP INDEX IF EXISTS catalog_search_doc_visible",
    "DROP TABLE IF EXISTS catalog_search_term_variant",
    "DROP TRIGGER IF EXISTS catalog_search_doc_au",
    "DROP TRIGGER IF EXISTS catalog_search_doc_ad",
    "DROP TRIGGER IF EXISTS catalog_search_doc_ai",
    "DROP TABLE IF EXISTS catalog_search_fts",
)
POSTGRES_FORWARD = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """ALTER TABLE catalog_search_doc ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', name_folded), 'A')
        || setweight(to_tsvector('simple', body_folded), 'B')) STORED""",
    "CREATE INDEX catalog_search_doc_tsv ON catalog_search_doc USING gin (tsv)",
    "CREATE INDEX catalog_search_doc_visible ON catalog_search_doc (coop_active, in_stock, category)",
    "CREATE INDEX catalog_search_term_trgm ON catalog_search_term USING gist (term gist_trgm_ops)",
    "CREATE INDEX catalog_search_term_prefix ON catalog_search_term (term text_pattern_ops)",
)
POSTGRES_BACKWARD = (
    "DROP INDEX IF EXISTS catalog_search_term_prefix",
    "DROP INDEX IF EXISTS catalog_search_term_trgm",
    "DROP INDEX IF EXISTS catalog_search_doc_visible",
    "DROP INDEX IF EXISTS catalog_search_doc_tsv",
    "ALTER TABLE catalog_search_doc DROP COLUMN IF EXISTS tsv",
)


def _runner(sqlite_sql, postgres_sql):
    async def run(apps, schema_editor) -> None:
        client = schema_editor.client
        statements = postgres_sql if client.capabilities.dialect == "postgres" else sqlite_sql
        for statement in statements:
            await client.execute_script(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        ops.RunPython(
            _runner(SQLITE_FORWARD, POSTGRES_FORWARD),
            reverse_code=_runner(SQLITE_BACKWARD, POSTGRES_BACKWARD),
        ),
    ]
