from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from retail.models import Method, SaleStatus, _empty
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='PosProblem',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cooperative_id', fields.IntField(db_index=True)),
                ('client_id', fields.CharField(max_length=80)),
                ('line_no', fields.IntField()),
                ('sku', fields.CharField(max_length=64)),
                ('quantity', fields.IntField()),
                ('unit_price', fields.BigIntField(default=0)),
                ('code', fields.CharField(max_length=40)),
                ('reason', fields.CharField(max_length=300)),
                ('resolved_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('resolution', fields.CharField(default='', max_length=300)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'retail_pos_problem', 'app': 'retail', 'unique_together': (('cooperative_id', 'client_id', 'line_no'),), 'pk_attr': 'id', 'table_description': 'A POS line that could not be recorded (unknown SKU, not enough stock), kept for the staff.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Shift',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cooperative_id', fields.IntField(db_index=True)),
                ('cashier_user_id', fields.IntField()),
                ('opened_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('opening_cash', fields.BigIntField()),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('expected_cash', fields.BigIntField(null=True)),
                ('counted_cash', fields.BigIntField(null=True)),
                ('difference', fields.BigIntField(null=True)),
                ('reason', fields.CharField(default='', max_length=300)),
                ('journal_entry_id', fields.IntField(null=True)),
            ],
            options={'table': 'retail_shift', 'app': 'retail', 'pk_attr': 'id', 'table_description': "A cashier's shift: the opening cash, then the closing count against what the till should hold."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Sale',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cooperative_id', fields.IntField()),
                ('client_id', fields.CharField(max_length=80)),
                ('source', fields.CharField(default='counter', max_length=10)),
                ('sold_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('cashier_user_id', fields.IntField(null=True)),
                ('shift', fields.ForeignKeyField('retail.Shift', source_field='shift_id', null=True, db_constraint=True, to_field='id', related_name='sales', on_delete=OnDelete.CASCADE)),
                ('member_id', fields.IntField(null=True)),
                ('method', fields.CharEnumField(description='CASH: cash\nWALLET: wallet\nQRIS: qris', enum_type=Method, max_length=10)),
                ('status', fields.CharEnumField(default=SaleStatus.PAID, description='PAID: paid\nRETURNED: returned\nPARTLY_RETURNED: partly_returned', enum_type=SaleStatus, max_length=16)),
                ('total', fields.BigIntField(default=0)),
                ('hpp', fields.BigIntField(default=0)),
                ('returned_total', fields.BigIntField(default=0)),
                ('journal_entry_id', fields.IntField(null=True)),
                ('wallet_movement_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'retail_sale', 'app': 'retail', 'unique_together': (('cooperative_id', 'client_id'),), 'indexes': [Index(fields=['cooperative_id', 'sold_at'])], 'pk_attr': 'id', 'table_description': "One sale at the counter or from the cooperative's POS; ``client_id`` is unique per"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SaleLine',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('sale', fields.ForeignKeyField('retail.Sale', source_field='sale_id', db_constraint=True, to_field='id', related_name='lines', on_delete=OnDelete.CASCADE)),
                ('product_id', fields.IntField()),
                ('sku', fields.CharField(max_length=64)),
                ('name', fields.CharField(max_length=200)),
                ('unit', fields.CharField(max_length=20)),
                ('quantity', fields.IntField()),
                ('unit_price', fields.BigIntField()),
                ('line_total', fields.BigIntField()),
                ('hpp_total', fields.BigIntField()),
                ('supplier_member_id', fields.IntField(null=True)),
                ('returned_qty', fields.IntField(default=0)),
            ],
            options={'table': 'retail_sale_line', 'app': 'retail', 'pk_attr': 'id', 'table_description': "A line as sold: quantity in the product's unit (whole units: catalog counts stock so), the"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SaleReturn',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('sale', fields.ForeignKeyField('retail.Sale', source_field='sale_id', db_constraint=True, to_field='id', related_name='returns', on_delete=OnDelete.CASCADE)),
                ('key', fields.CharField(unique=True, max_length=120)),
                ('amount', fields.BigIntField()),
                ('hpp', fields.BigIntField()),
                ('reason', fields.CharField(default='', max_length=300)),
                ('lines', fields.JSONField(default=_empty, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('cashier_user_id', fields.IntField(null=True)),
                ('journal_entry_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'retail_sale_return', 'app': 'retail', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
