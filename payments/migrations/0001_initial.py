from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from payments.models import PaymentStatus, PayoutStatus, RefundStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('market', '0001_initial')]

    initial = True

    operations = [
        ops.CreateModel(
            name='CallbackDelivery',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('event', fields.CharField(default='', max_length=60)),
                ('provider_id', fields.CharField(default='', max_length=64)),
                ('status', fields.CharField(default='', max_length=30)),
                ('outcome', fields.CharField(max_length=20)),
                ('body', fields.TextField(default='', unique=False)),
                ('received_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'payments_callback', 'app': 'payments', 'indexes': [Index(fields=['provider_id'])], 'pk_attr': 'id', 'table_description': 'Every verified delivery the provider made to the callback endpoint, with its outcome.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Payout',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cooperative', fields.ForeignKeyField('market.Cooperative', source_field='cooperative_id', db_constraint=True, to_field='id', related_name='payouts', on_delete=OnDelete.RESTRICT)),
                ('idempotency_key', fields.CharField(unique=True, max_length=200)),
                ('amount', fields.BigIntField()),
                ('status', fields.CharEnumField(default=PayoutStatus.PENDING, description='PENDING: pending\nACCEPTED: accepted\nREQUESTED: requested\nSUCCEEDED: succeeded\nFAILED: failed\nCANCELLED: cancelled\nREVERSED: reversed', enum_type=PayoutStatus, max_length=12)),
                ('provider_id', fields.CharField(null=True, unique=True, max_length=64)),
                ('channel_code', fields.CharField(max_length=30)),
                ('account_number', fields.CharField(max_length=40)),
                ('account_holder_name', fields.CharField(max_length=200)),
                ('failure_code', fields.CharField(default='', max_length=60)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'payments_payout', 'app': 'payments', 'indexes': [Index(fields=['cooperative_id', 'id']), Index(fields=['status', 'created_at'])], 'pk_attr': 'id', 'table_description': "Money sent from a cooperative's balance at the platform to its bank account."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Wallet',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('owner_key', fields.CharField(unique=True, max_length=40)),
                ('cooperative', fields.ForeignKeyField('market.Cooperative', source_field='cooperative_id', null=True, db_constraint=True, to_field='id', related_name='wallets', on_delete=OnDelete.RESTRICT)),
                ('member', fields.ForeignKeyField('market.Member', source_field='member_id', null=True, db_constraint=True, to_field='id', related_name='wallets', on_delete=OnDelete.RESTRICT)),
                ('user', fields.ForeignKeyField('market.User', source_field='user_id', null=True, db_constraint=True, to_field='id', related_name='wallets', on_delete=OnDelete.RESTRICT)),
                ('account_id', fields.IntField(unique=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'payments_wallet', 'app': 'payments', 'pk_attr': 'id', 'table_description': "A member's or a buyer's saldo, a liability account in the ledger."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Payment',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(max_length=30)),
                ('owner_ref', fields.CharField(max_length=100)),
                ('external_id', fields.CharField(unique=True, max_length=160)),
                ('provider', fields.CharField(default='xendit', max_length=20)),
                ('provider_id', fields.CharField(null=True, unique=True, max_length=64)),
                ('amount', fields.BigIntField()),
                ('status', fields.CharEnumField(default=PaymentStatus.PENDING, description='PENDING: pending\nPAID: paid\nFAILED: failed\nEXPIRED: expired', enum_type=PaymentStatus, max_length=12)),
                ('description', fields.CharField(default='', max_length=255)),
                ('invoice_url', fields.CharField(default='', max_length=500)),
                ('cooperative', fields.ForeignKeyField('market.Cooperative', source_field='cooperative_id', null=True, db_constraint=True, to_field='id', related_name='payments', on_delete=OnDelete.RESTRICT)),
                ('wallet', fields.ForeignKeyField('payments.Wallet', source_field='wallet_id', null=True, db_constraint=True, to_field='id', related_name='topups', on_delete=OnDelete.RESTRICT)),
                ('payment_method', fields.CharField(default='', max_length=40)),
                ('payment_channel', fields.CharField(default='', max_length=40)),
                ('failure_code', fields.CharField(default='', max_length=60)),
                ('refunded_amount', fields.BigIntField(default=0)),
                ('metadata', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('paid_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'payments_payment', 'app': 'payments', 'indexes': [Index(fields=['status', 'created_at']), Index(fields=['kind', 'owner_ref'])], 'pk_attr': 'id', 'table_description': 'Money asked of a payer through the gateway for an owner (``kind`` + ``owner_ref``).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PaymentTransition',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('payment', fields.ForeignKeyField('payments.Payment', source_field='payment_id', db_constraint=True, to_field='id', related_name='transitions', on_delete=OnDelete.CASCADE)),
                ('from_status', fields.CharField(max_length=12)),
                ('to_status', fields.CharField(max_length=12)),
                ('source', fields.CharField(max_length=20)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'payments_transition', 'app': 'payments', 'unique_together': (('payment', 'to_status'),), 'pk_attr': 'id', 'table_description': 'One applied state change of a payment, unique per (payment, status): it happens once.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Refund',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('payment', fields.ForeignKeyField('payments.Payment', source_field='payment_id', db_constraint=True, to_field='id', related_name='refunds', on_delete=OnDelete.CASCADE)),
                ('idempotency_key', fields.CharField(unique=True, max_length=200)),
                ('amount', fields.BigIntField()),
                ('reason', fields.CharField(max_length=30)),
                ('status', fields.CharEnumField(default=RefundStatus.PENDING, description='PENDING: pending\nSUCCEEDED: succeeded\nFAILED: failed', enum_type=RefundStatus, max_length=12)),
                ('provider_id', fields.CharField(null=True, unique=True, max_length=64)),
                ('failure_code', fields.CharField(default='', max_length=60)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'payments_refund', 'app': 'payments', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WalletMovement',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('wallet', fields.ForeignKeyField('payments.Wallet', source_field='wallet_id', db_constraint=True, to_field='id', related_name='movements', on_delete=OnDelete.CASCADE)),
                ('amount', fields.BigIntField()),
                ('kind', fields.CharField(max_length=20)),
                ('reference', fields.CharField(unique=True, max_length=200)),
                ('description', fields.CharField(default='', max_length=255)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'payments_wallet_movement', 'app': 'payments', 'indexes': [Index(fields=['wallet_id', 'id'])], 'pk_attr': 'id', 'table_description': 'One credit (+) or debit (−) of a wallet. Its ``reference`` makes it happen once.'},
            bases=['Model'],
        ),
    ]
