from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from retail.models import Method, SaleStatus, Source, _no_lines
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='OpenedUnit',
            fields=[
                ('product_id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cooperative_id', fields.IntField()),
                ('milli', fields.BigIntField(default=0)),
            ],
            options={'table': 'retail_opened_unit', 'app': 'retail', 'pk_attr': 'product_id', 'table_description': 'The milli-units left of whole units the counter took out of catalog stock to sell a part.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PosProblem',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cooperative_id', fields.IntField(db_index=True)),
                ('client_id', fields.CharField(max_length=100)),
                ('received_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('sold_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('payload', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('reasons', fields.JSONField(default=_no_lines, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('status', fields.CharField(default='open', max_length=12)),
                ('sale_id', fields.IntField(null=True)),
                ('resolved_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('resolved_by_user_id', fields.IntField(null=True)),
                ('note', fields.CharField(default='', max_length=300)),
            ],
            options={'table': 'retail_pos_problem', 'app': 'retail', 'unique_together': (('cooperative_id', 'client_id'),), 'pk_attr': 'id', 'table_description': 'A POS sale that could not be recorded as sent (an unknown SKU, not enough stock, a closed'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Sale',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cooperative_id', fields.IntField()),
                ('client_id', fields.CharField(max_length=100)),
                ('source', fields.CharEnumField(description='COUNTER: counter\nPOS: pos', enum_type=Source, max_length=8)),
                ('sold_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('booked_on', fields.DateField()),
                ('cashier_user_id', fields.IntField(null=True)),
                ('cashier_name', fields.CharField(default='', max_length=200)),
                ('shift_id', fields.IntField(null=True)),
                ('member_id', fields.IntField(null=True)),
                ('member_name', fields.CharField(default='', max_length=200)),
                ('method', fields.CharEnumField(description='CASH: cash\nWALLET: wallet\nQRIS: qris\nBANK: bank', enum_type=Method, max_length=8)),
                ('status', fields.CharEnumField(default=SaleStatus.DONE, description='DONE: done\nRETURNED: returned\nPARTLY_RETURNED: partly_returned', enum_type=SaleStatus, max_length=16)),
                ('total', fields.BigIntField()),
                ('hpp_total', fields.BigIntField()),
                ('tendered', fields.BigIntField(default=0)),
                ('wallet_movement_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'retail_sale', 'app': 'retail', 'unique_together': (('cooperative_id', 'client_id'),), 'indexes': [Index(fields=['cooperative_id', 'booked_on'])], 'pk_attr': 'id', 'table_description': 'One receipt: a counter sale or a POS sale, recorded once per (cooperative, client id).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SaleLine',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('sale', fields.ForeignKeyField('retail.Sale', source_field='sale_id', db_constraint=True, to_field='id', related_name='lines', on_delete=OnDelete.CASCADE)),
                ('position', fields.IntField()),
                ('product_id', fields.IntField()),
                ('sku', fields.CharField(max_length=64)),
                ('name', fields.CharField(max_length=200)),
                ('unit', fields.CharField(max_length=20)),
                ('qty_milli', fields.BigIntField()),
                ('unit_price', fields.BigIntField()),
                ('line_total', fields.BigIntField()),
                ('hpp', fields.BigIntField()),
                ('returned_milli', fields.BigIntField(default=0)),
            ],
            options={'table': 'retail_sale_line', 'app': 'retail', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SaleReturn',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('sale', fields.ForeignKeyField('retail.Sale', source_field='sale_id', db_constraint=True, to_field='id', related_name='returns', on_delete=OnDelete.CASCADE)),
                ('cooperative_id', fields.IntField()),
                ('client_id', fields.CharField(max_length=100)),
                ('returned_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('booked_on', fields.DateField()),
                ('cashier_user_id', fields.IntField(null=True)),
                ('shift_id', fields.IntField(null=True)),
                ('reason', fields.CharField(max_length=300)),
                ('total', fields.BigIntField()),
                ('hpp_total', fields.BigIntField()),
                ('lines', fields.JSONField(default=_no_lines, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'retail_sale_return', 'app': 'retail', 'unique_together': (('cooperative_id', 'client_id'),), 'pk_attr': 'id', 'table_description': 'Goods given back against a receipt: stock back, money back the way it was paid.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Shift',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cooperative_id', fields.IntField(db_index=True)),
                ('cashier_user_id', fields.IntField()),
                ('cashier_name', fields.CharField(default='', max_length=200)),
                ('opened_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('opening_cash', fields.BigIntField()),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('expected_cash', fields.BigIntField(null=True)),
                ('counted_cash', fields.BigIntField(null=True)),
                ('difference', fields.BigIntField(null=True)),
                ('reason', fields.CharField(default='', max_length=300)),
            ],
            options={'table': 'retail_shift', 'app': 'retail', 'pk_attr': 'id', 'table_description': "A cashier's shift at the counter: opening cash, the closing count and its difference."},
            bases=['Model'],
        ),
    ]
