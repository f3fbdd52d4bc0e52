from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('market', '0008_posting_book_last'), ('payments', '0003_payout_requested_by')]

    initial = False

    operations = [
        ops.CreateModel(
            name='WalletPin',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('market.User', source_field='user_id', unique=True, db_constraint=True, to_field='id', related_name='wallet_pin', on_delete=OnDelete.CASCADE)),
                ('pin_hash', fields.CharField(max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'payments_wallet_pin', 'app': 'payments', 'pk_attr': 'id', 'table_description': "A login's transaction PIN (6 digits), hashed like a password, guarding outgoing movements."},
            bases=['Model'],
        ),
    ]
