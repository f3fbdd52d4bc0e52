"""Who paid a PPOB transaction, apart from its customer (the member) and who opened it.

``acting_user_id`` is the member paying from their own wallet or invoice, or the cashier who
took the cash. Rows written before it existed were paid by the user who opened them, so they
take ``user_id``.
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("ppob", "0001_initial")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Transaction",
            name="acting_user_id",
            field=fields.IntField(null=True),
        ),
        ops.RunSQL(
            "UPDATE ppob_transaction SET acting_user_id = user_id WHERE acting_user_id IS NULL",
            reverse_sql=ops.RunSQL.noop,
        ),
    ]
