"""The seller's words in a column of their own, and the vocabulary on every engine.

- ``catalog_search_doc.seller_folded``: the cooperative's name, regency and province, weighted
  lowest (FTS5: a third column; PostgreSQL: weight D in ``tsv``), so a word only in the seller's
  name ranks below any word in the product itself. Existing documents are split here (the
  cooperative's name and province move out of ``body_folded``); ``market search reindex``
  rebuilds them exactly.
- ``catalog_search_term_variant`` on PostgreSQL too (it was SQLite's alone), and every term's
  deletion neighbourhood deepened for the new typo rule (one typo from 4 letters, two from 8).
"""

from itertools import combinations

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

COMMON_WORDS = ("koperasi", "kabupaten", "kota")

SQLITE_FTS = (
    "DROP TRIGGER IF EXISTS catalog_search_doc_au",
    "DROP TRIGGER IF EXISTS catalog_search_doc_ad",
    "DROP TRIGGER IF EXISTS catalog_search_doc_ai",
    "DROP TABLE IF EXISTS catalog_search_fts",
    """CREATE VIRTUAL TABLE catalog_search_fts USING fts5(
        name_folded, body_folded, seller_folded, content='catalog_search_doc', content_rowid='product_id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')""",
    """CREATE TRIGGER catalog_search_doc_ai AFTER INSERT ON catalog_search_doc BEGIN
        INSERT INTO catalog_search_fts(rowid, name_folded, body_folded, seller_folded)
        VALUES (new.product_id, new.name_folded, new.body_folded, new.seller_folded);
    END""",
    """CREATE TRIGGER catalog_search_doc_ad AFTER DELETE ON catalog_search_doc BEGIN
        INSERT INTO catalog_search_fts(catalog_search_fts, rowid, name_folded, body_folded, seller_folded)
        VALUES ('delete', old.product_id, old.name_folded, old.body_folded, old.seller_folded);
    END""",
    """CREATE TRIGGER catalog_search_doc_au AFTER UPDATE OF name_folded, body_folded, seller_folded
        ON catalog_search_doc BEGIN
        INSERT INTO catalog_search_fts(catalog_search_fts, rowid, name_folded, body_folded, seller_folded)
        VALUES ('delete', old.product_id, old.name_folded, old.body_folded, old.seller_folded);
        INSERT INTO catalog_search_fts(rowid, name_folded, body_folded, seller_folded)
        VALUES (new.product_id, new.name_folded, new.body_folded, new.seller_folded);
    END""",
    "INSERT INTO catalog_search_fts(catalog_search_fts) VALUES ('rebuild')",
)
SQLITE_FTS_BACK = (
    "DROP TRIGGER IF EXISTS catalog_search_doc_au",
    "DROP TRIGGER IF EXISTS catalog_search_doc_ad",
    "DROP TRIGGER IF EXISTS catalog_search_doc_ai",
    "DROP TABLE IF EXISTS catalog_search_fts",
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
    "INSERT INTO catalog_search_fts(catalog_search_fts) VALUES ('rebuild')",
)
POSTGRES_TSV = (
    "DROP INDEX IF EXISTS catalog_search_doc_tsv",
    "ALTER TABLE catalog_search_doc DROP COLUMN IF EXISTS tsv",
    """ALTER TABLE catalog_search_doc ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', name_folded), 'A')
        || setweight(to_tsvector('simple', body_folded), 'B')
        || setweight(to_tsvector('simple', seller_folded), 'D')) STORED""",
    "CREATE INDEX catalog_search_doc_tsv ON catalog_search_doc USING gin (tsv)",
    """CREATE TABLE IF NOT EXISTS catalog_search_term_variant (
        variant TEXT NOT NULL, term TEXT NOT NULL, PRIMARY KEY (variant, term))""",
)
POSTGRES_TSV_BACK = (
    "DROP TABLE IF EXISTS catalog_search_term_variant",
    "DROP INDEX IF EXISTS catalog_search_doc_tsv",
    "ALTER TABLE catalog_search_doc DROP COLUMN IF EXISTS tsv",
    """ALTER TABLE catalog_search_doc ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', name_folded), 'A')
        || setweight(to_tsvector('simple', body_folded), 'B')) STORED""",
    "CREATE INDEX catalog_search_doc_tsv ON catalog_search_doc USING gin (tsv)",
)


def _deletions(word: str, depth: int) -> set[str]:
    out = {word}
    for k in range(1, min(depth, len(word) - 1) + 1):
        for positions in combinations(range(len(word)), k):
            out.add("".join(ch for i, ch in enumerate(word) if i not in positions))
    return out


def _words(text: str) -> list[str]:
    import re
    import unicodedata

    plain = "".join(ch for ch in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(ch))
    return [w for w in re.sub(r"[^0-9a-z]+", " ", plain).split() if w not in COMMON_WORDS]


async def _split_documents(client) -> None:
    """Move the cooperative's name and province (the document has no regency) out of the body."""
    rows = await client.execute_query_dict(
        "SELECT product_id, cooperative_name, province, body_folded FROM catalog_search_doc"
    )
    sql = "UPDATE catalog_search_doc SET body_folded = {}, seller_folded = {} WHERE product_id = {}"
    sql = sql.format(*(("?",) * 3 if client.capabilities.dialect == "sqlite" else ("$1", "$2", "$3")))
    for row in rows:
        name, province = _words(row["cooperative_name"]), _words(row["province"])
        body = f" {row['body_folded']} "
        for part in (" ".join(name), " ".join(province)):
            if part:
                body = body.replace(f" {part} ", " ", 1)
        await client.execute_query(sql, [" ".join(body.split()), " ".join(name + province), row["product_id"]])


async def _deepen_vocabulary(client) -> None:
    terms = [r["term"] for r in await client.execute_query_dict("SELECT term FROM catalog_search_term")]
    pairs = sorted({(v, t) for t in terms for v in _deletions(t, 2 if len(t) >= 6 else 1 if len(t) >= 3 else 0)})
    sqlite = client.capabilities.dialect == "sqlite"
    for start in range(0, len(pairs), 400):
        part = pairs[start : start + 400]
        marks = ", ".join("(?, ?)" if sqlite else f"(${2 * i + 1}, ${2 * i + 2})" for i in range(len(part)))
        await client.execute_query(
            f"INSERT INTO catalog_search_term_variant (variant, term) VALUES {marks} ON CONFLICT DO NOTHING",
            [x for pair in part for x in pair],
        )


async def forward(apps, schema_editor) -> None:
    client = schema_editor.client
    sqlite = client.capabilities.dialect == "sqlite"
    await _split_documents(client)
    for statement in SQLITE_FTS if sqlite else POSTGRES_TSV:
        await client.execute_script(statement)
    await _deepen_vocabulary(client)


async def backward(apps, schema_editor) -> None:
    client = schema_editor.client
    for statement in SQLITE_FTS_BACK if client.capabilities.dialect == "sqlite" else POSTGRES_TSV_BACK:
        await client.execute_script(statement)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_search_generation")]

    initial = False

    operations = [
        ops.AddField(model_name="SearchDoc", name="seller_folded", field=fields.TextField(default="")),
        ops.RunPython(forward, reverse_code=backward),
    ]
