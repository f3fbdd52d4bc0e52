from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from ppob.models import Channel, MarkupScope, ProductKind, TxState
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('market', '0001_initial')]

    initial = True

    operations = [
        ops.CreateModel(
            name='Markup',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cooperative', fields.ForeignKeyField('market.Cooperative', source_field='cooperative_id', db_constraint=True, to_field='id', related_name='ppob_markups', on_delete=OnDelete.CASCADE)),
                ('scope', fields.CharEnumField(description='ALL: all\nCATEGORY: category\nBRAND: brand', enum_type=MarkupScope, max_length=10)),
                ('key', fields.CharField(default='', max_length=40)),
                ('flat_idr', fields.BigIntField(default=0)),
                ('bps', fields.IntField(default=0)),
            ],
            options={'table': 'ppob_markup', 'app': 'ppob', 'unique_together': (('cooperative', 'scope', 'key'),), 'pk_attr': 'id', 'table_description': "A cooperative's markup: flat rupiah plus basis points of the base price."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PlatformFee',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('flat_idr', fields.BigIntField(default=0)),
                ('bps', fields.IntField(default=0)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'ppob_platform_fee', 'app': 'ppob', 'pk_attr': 'id', 'table_description': "The operator's fee per PPOB transaction (one row): flat rupiah + bps of the base price."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Product',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('sku', fields.CharField(unique=True, max_length=64)),
                ('name', fields.CharField(max_length=200)),
                ('category', fields.CharField(max_length=40)),
                ('brand', fields.CharField(max_length=40)),
                ('type', fields.CharField(default='', max_length=40)),
                ('kind', fields.CharEnumField(description='PREPAID: prepaid\nPOSTPAID: postpaid', enum_type=ProductKind, max_length=10)),
                ('base_price', fields.BigIntField(default=0)),
                ('admin', fields.BigIntField(default=0)),
                ('commission', fields.BigIntField(default=0)),
                ('active', fields.BooleanField(default=True)),
                ('description', fields.TextField(default='', unique=False)),
                ('multi', fields.BooleanField(default=True)),
                ('start_cut_off', fields.CharField(default='', max_length=5)),
                ('end_cut_off', fields.CharField(default='', max_length=5)),
                ('synced_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'ppob_product', 'app': 'ppob', 'indexes': [Index(fields=['category', 'brand'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SyncRun',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('added', fields.IntField(default=0)),
                ('updated', fields.IntField(default=0)),
                ('deactivated', fields.IntField(default=0)),
                ('reactivated', fields.IntField(default=0)),
                ('report', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'ppob_sync_run', 'app': 'ppob', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Transaction',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('ref_id', fields.CharField(unique=True, max_length=40)),
                ('idempotency_key', fields.CharField(null=True, unique=True, max_length=240)),
                ('cooperative', fields.ForeignKeyField('market.Cooperative', source_field='cooperative_id', db_constraint=True, to_field='id', related_name='ppob_transactions', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('market.Member', source_field='member_id', null=True, db_constraint=True, to_field='id', related_name='ppob_transactions', on_delete=OnDelete.RESTRICT)),
                ('user_id', fields.IntField(null=True)),
                ('channel', fields.CharEnumField(default=Channel.WALLET, description='WALLET: wallet\nCASH: cash\nINVOICE: invoice', enum_type=Channel, max_length=10)),
                ('kind', fields.CharEnumField(description='PREPAID: prepaid\nPOSTPAID: postpaid', enum_type=ProductKind, max_length=10)),
                ('sku', fields.CharField(max_length=64)),
                ('product_name', fields.CharField(max_length=200)),
                ('category', fields.CharField(max_length=40)),
                ('brand', fields.CharField(max_length=40)),
                ('customer_no', fields.CharField(max_length=40)),
                ('customer_name', fields.CharField(default='', max_length=200)),
                ('period', fields.CharField(default='', max_length=40)),
                ('details', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('base_price', fields.BigIntField()),
                ('platform_fee', fields.BigIntField(default=0)),
                ('sell_price', fields.BigIntField()),
                ('biller_price', fields.BigIntField(null=True)),
                ('margin', fields.BigIntField(null=True)),
                ('state', fields.CharEnumField(description='INQUIRY: inquiry\nAWAITING_PAYMENT: awaiting_payment\nPENDING: pending\nSUCCESS: success\nFAILED: failed\nEXPIRED: expired', enum_type=TxState, max_length=20)),
                ('rc', fields.CharField(default='', max_length=4)),
                ('message', fields.CharField(default='', max_length=300)),
                ('sn', fields.CharField(default='', max_length=300)),
                ('token', fields.CharField(default='', max_length=30)),
                ('retryable', fields.BooleanField(default=False)),
                ('invoice_ref', fields.CharField(null=True, max_length=100)),
                ('business_date', fields.DateField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('submitted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('settled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('next_check_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('checks', fields.IntField(default=0)),
            ],
            options={'table': 'ppob_transaction', 'app': 'ppob', 'indexes': [Index(fields=['state', 'next_check_at']), Index(fields=['cooperative_id', 'created_at']), Index(fields=['member_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
