from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('orders', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='OrderMoney',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('order', fields.ForeignKeyField('orders.Order', source_field='order_id', db_constraint=True, to_field='id', related_name='money', on_delete=OnDelete.RESTRICT)),
                ('suborder_id', fields.IntField(null=True)),
                ('key', fields.CharField(unique=True, max_length=200)),
                ('kind', fields.CharField(max_length=24)),
                ('amount', fields.BigIntField()),
                ('cooperative_id', fields.IntField(null=True)),
                ('member_id', fields.IntField(null=True)),
                ('payment_id', fields.IntField(null=True)),
                ('refund_id', fields.IntField(null=True)),
                ('wallet_movement_id', fields.BigIntField(null=True)),
                ('journal_entry_id', fields.BigIntField(null=True)),
                ('status', fields.CharField(default='', max_length=20)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'orders_money', 'app': 'orders', 'indexes': [Index(fields=['order_id', 'id'])], 'pk_attr': 'id', 'table_description': "One movement of an order's money, written in the same transaction as the movement itself:"},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Order',
            name='wallet_amount',
            field=fields.BigIntField(default=0),
        ),
        ops.AddField(
            model_name='Order',
            name='wallet_id',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='SubOrder',
            name='wallet_amount',
            field=fields.BigIntField(default=0),
        ),
    ]
