from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('market', '0008_posting_book_last'), ('payments', '0004_wallet_pin')]

    initial = False

    operations = [
        ops.CreateModel(
            name='WalletTransfer',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('from_wallet', fields.ForeignKeyField('payments.Wallet', source_field='from_wallet_id', db_constraint=True, to_field='id', related_name='transfers_out', on_delete=OnDelete.RESTRICT)),
                ('to_wallet', fields.ForeignKeyField('payments.Wallet', source_field='to_wallet_id', db_constraint=True, to_field='id', related_name='transfers_in', on_delete=OnDelete.RESTRICT)),
                ('amount', fields.BigIntField()),
                ('reference', fields.CharField(unique=True, max_length=200)),
                ('note', fields.CharField(default='', max_length=100)),
                ('sender_user_id', fields.IntField(null=True)),
                ('sender_name', fields.CharField(default='', max_length=200)),
                ('recipient_name', fields.CharField(default='', max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'payments_wallet_transfer', 'app': 'payments', 'indexes': [Index(fields=['from_wallet_id', 'created_at']), Index(fields=['to_wallet_id', 'id'])], 'pk_attr': 'id', 'table_description': 'Money from one wallet to another: a member or a buyer to a member of any cooperative.'},
            bases=['Model'],
        ),
        ops.AlterModelOptions(
            name='Payout',
            options={'table': 'payments_payout', 'app': 'payments', 'indexes': [Index(fields=['cooperative_id', 'id']), Index(fields=['status', 'created_at']), Index(fields=['wallet_id', 'created_at'])], 'pk_attr': 'id', 'table_description': "Money sent out through the provider's payouts: a cooperative's or a wallet's."},
        ),
        ops.AlterField(
            model_name='Payout',
            name='cooperative',
            field=fields.ForeignKeyField('market.Cooperative', source_field='cooperative_id', null=True, db_constraint=True, to_field='id', related_name='payouts', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='Payout',
            name='fee',
            field=fields.BigIntField(default=0),
        ),
        ops.AddField(
            model_name='Payout',
            name='wallet',
            field=fields.ForeignKeyField('payments.Wallet', source_field='wallet_id', null=True, db_constraint=True, to_field='id', related_name='withdrawals', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddIndex(
            model_name='Payout',
            index=Index(fields=['wallet_id', 'created_at']),
        ),
    ]
