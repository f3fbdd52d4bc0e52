from tortoise import migrations
from tortoise.migrations import operations as ops
from orders.schemas import DeliveryOption, SubOrderState
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Cart',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user_id', fields.IntField(null=True, unique=True)),
                ('visitor_key', fields.CharField(null=True, unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'orders_cart', 'app': 'orders', 'pk_attr': 'id', 'table_description': 'A cart of a logged-in user (``user_id``) or of an anonymous visitor (``visitor_key``).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CartLine',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cart', fields.ForeignKeyField('orders.Cart', source_field='cart_id', db_constraint=True, to_field='id', related_name='lines', on_delete=OnDelete.CASCADE)),
                ('product_id', fields.IntField()),
                ('quantity', fields.IntField()),
                ('added_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'orders_cart_line', 'app': 'orders', 'unique_together': (('cart', 'product_id'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DeliveryRate',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cooperative_id', fields.IntField()),
                ('province', fields.CharField(max_length=100)),
                ('fee', fields.BigIntField()),
            ],
            options={'table': 'orders_delivery_rate', 'app': 'orders', 'unique_together': (('cooperative_id', 'province'),), 'pk_attr': 'id', 'table_description': "A cooperative's own delivery fee to one destination province."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Order',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('buyer_user_id', fields.IntField()),
                ('buyer_name', fields.CharField(default='', max_length=200)),
                ('buyer_member_id', fields.IntField(null=True)),
                ('buyer_cooperative_id', fields.IntField(null=True)),
                ('buy_for_cooperative_id', fields.IntField(null=True)),
                ('idempotency_key', fields.CharField(unique=True, max_length=200)),
                ('recipient_name', fields.CharField(max_length=120)),
                ('phone', fields.CharField(max_length=20)),
                ('street', fields.CharField(max_length=300)),
                ('kelurahan', fields.CharField(max_length=100)),
                ('kecamatan', fields.CharField(max_length=100)),
                ('kabupaten', fields.CharField(max_length=100)),
                ('provinsi', fields.CharField(max_length=100)),
                ('kode_pos', fields.CharField(max_length=5)),
                ('goods_total', fields.BigIntField()),
                ('delivery_total', fields.BigIntField()),
                ('total', fields.BigIntField()),
                ('payment_id', fields.IntField(null=True)),
                ('invoice_url', fields.CharField(null=True, max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'orders_order', 'app': 'orders', 'indexes': [Index(fields=['buyer_user_id', 'id'])], 'pk_attr': 'id', 'table_description': 'One checkout, paid with one payment for every sub-order in it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SubOrder',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('order', fields.ForeignKeyField('orders.Order', source_field='order_id', db_constraint=True, to_field='id', related_name='suborders', on_delete=OnDelete.RESTRICT)),
                ('cooperative_id', fields.IntField()),
                ('state', fields.CharEnumField(default=SubOrderState.AWAITING_PAYMENT, description='AWAITING_PAYMENT: awaiting_payment\nPAID: paid\nPACKED: packed\nSHIPPED: shipped\nDELIVERED: delivered\nCOMPLETED: completed\nCANCELLED: cancelled\nEXPIRED: expired\nREFUNDED: refunded', enum_type=SubOrderState, max_length=20)),
                ('goods_total', fields.BigIntField()),
                ('delivery', fields.CharEnumField(description='PICKUP: pickup\nDELIVERY: delivery', enum_type=DeliveryOption, max_length=10)),
                ('delivery_fee', fields.BigIntField(default=0)),
                ('platform_fee', fields.BigIntField(default=0)),
                ('courier', fields.CharField(default='', max_length=60)),
                ('tracking_number', fields.CharField(default='', max_length=80)),
                ('cancel_reason', fields.CharField(default='', max_length=300)),
                ('received_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('paid_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('packed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('shipped_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('delivered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('completed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'orders_suborder', 'app': 'orders', 'indexes': [Index(fields=['cooperative_id', 'state']), Index(fields=['state', 'shipped_at'])], 'pk_attr': 'id', 'table_description': 'The part of an order one cooperative fulfils: the unit of the life cycle and of the money.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OrderLine',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('suborder', fields.ForeignKeyField('orders.SubOrder', source_field='suborder_id', db_constraint=True, to_field='id', related_name='lines', on_delete=OnDelete.RESTRICT)),
                ('product_id', fields.IntField()),
                ('name', fields.CharField(max_length=200)),
                ('unit', fields.CharField(max_length=20)),
                ('quantity', fields.IntField()),
                ('unit_price', fields.BigIntField()),
                ('line_total', fields.BigIntField()),
                ('hpp_per_unit', fields.BigIntField(default=0)),
                ('supplier_member_id', fields.IntField(null=True)),
                ('reservation_reference', fields.CharField(max_length=200)),
            ],
            options={'table': 'orders_line', 'app': 'orders', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SubOrderTransition',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('suborder', fields.ForeignKeyField('orders.SubOrder', source_field='suborder_id', db_constraint=True, to_field='id', related_name='transitions', on_delete=OnDelete.RESTRICT)),
                ('from_state', fields.CharField(null=True, max_length=20)),
                ('to_state', fields.CharField(max_length=20)),
                ('actor_user_id', fields.IntField(null=True)),
                ('note', fields.CharField(default='', max_length=300)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'orders_transition', 'app': 'orders', 'unique_together': (('suborder', 'to_state'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
