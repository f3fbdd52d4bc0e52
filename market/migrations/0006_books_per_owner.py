from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

async def number_accounts(apps, schema_editor) -> None:
    """Existing cooperatives' accounts get their chart numbers and the rest of the chart opens.

    The SQL is built from the chart's own constants (no outside input)."""
    from market.chart import COOP_CHART

    client = schema_editor.client
    for spec in COOP_CHART:
        await client.execute_script(
            f"UPDATE ledger_account SET number = '{spec.number}' WHERE code = '{spec.code}'"
            " AND cooperative_id IS NOT NULL"
        )
        if spec.per_member:
            continue
        await client.execute_script(
            "INSERT INTO ledger_account (owner_key, code, number, name, type, cooperative_id, allow_negative, balance)"
            f" SELECT 'coop:' || CAST(id AS TEXT), '{spec.code}', '{spec.number}', '{spec.name}', '{spec.type}', id,"
            f" {'TRUE' if spec.allow_negative else 'FALSE'}, 0 FROM cooperative"
            " WHERE 1 = 1 ON CONFLICT (owner_key, code) DO NOTHING"
        )


async def date_entries(apps, schema_editor) -> None:
    client = schema_editor.client
    day = "SUBSTR(created_at, 1, 10)" if client.capabilities.dialect == "sqlite" else "CAST(created_at AS DATE)"
    await client.execute_script(f"UPDATE journal_entry SET booked_on = {day} WHERE booked_on IS NULL")


async def nothing(apps, schema_editor) -> None:
    return None


class Migration(migrations.Migration):
    dependencies = [('market', '0005_entry_actor')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Account',
            name='number',
            field=fields.CharField(default='', max_length=10),
        ),
        ops.AddField(
            model_name='Cooperative',
            name='books_locked_through',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='JournalEntry',
            name='attachment',
            field=fields.CharField(default='', max_length=200),
        ),
        ops.AddField(
            model_name='JournalEntry',
            name='booked_on',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='JournalEntry',
            name='reverses_id',
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name='JournalEntry',
            name='source',
            field=fields.CharField(default='', max_length=20),
        ),
        ops.AddField(
            model_name='Posting',
            name='book',
            field=fields.IntField(default=0),
        ),
        ops.AddField(
            model_name='Posting',
            name='booked_on',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='Posting',
            name='kind',
            field=fields.CharField(null=True, max_length=12),
        ),
        ops.AddField(
            model_name='Posting',
            name='member_id',
            field=fields.IntField(null=True),
        ),
        ops.AddIndex(
            model_name='Posting',
            index=Index(fields=['book', 'booked_on', 'account_id', 'amount']),
        ),
        ops.AddIndex(
            model_name='Posting',
            index=Index(fields=['book', 'member_id', 'booked_on']),
        ),
        # Existing rows: each posting in its account's book, dated by its entry (created_at's
        # date; entries before this migration carry no time zone of their own).
        ops.RunSQL(
            "UPDATE ledger_posting SET book = COALESCE((SELECT a.cooperative_id FROM ledger_account a"
            " WHERE a.id = ledger_posting.account_id), 0)",
            reverse_sql=ops.RunSQL.noop,
        ),
        ops.RunPython(date_entries, reverse_code=nothing),
        ops.RunSQL(
            "UPDATE ledger_posting SET booked_on = (SELECT e.booked_on FROM journal_entry e"
            " WHERE e.id = ledger_posting.entry_id) WHERE booked_on IS NULL",
            reverse_sql=ops.RunSQL.noop,
        ),
        ops.RunPython(number_accounts, reverse_code=nothing),
    ]
