from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from catalog.models import ImportStatus, ProductStatus, ReservationStatus
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('market', '0001_initial')]

    initial = True

    operations = [
        ops.CreateModel(
            name='ImportJob',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cooperative', fields.ForeignKeyField('market.Cooperative', source_field='cooperative_id', db_constraint=True, to_field='id', related_name='product_imports', on_delete=OnDelete.CASCADE)),
                ('user_id', fields.IntField(null=True)),
                ('filename', fields.CharField(default='', max_length=200)),
                ('status', fields.CharEnumField(default=ImportStatus.PENDING, description='PENDING: pending\nRUNNING: running\nDONE: done\nFAILED: failed', enum_type=ImportStatus, max_length=10)),
                ('total', fields.IntField(default=0)),
                ('processed', fields.IntField(default=0)),
                ('created', fields.IntField(default=0)),
                ('updated', fields.IntField(default=0)),
                ('rejected', fields.IntField(default=0)),
                ('rows', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('report', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('error', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'catalog_import_job', 'app': 'catalog', 'pk_attr': 'id', 'table_description': 'A CSV import: parsed rows wait here until the worker runs them, then the per-row report.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Product',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cooperative', fields.ForeignKeyField('market.Cooperative', source_field='cooperative_id', db_constraint=True, to_field='id', related_name='products', on_delete=OnDelete.RESTRICT)),
                ('sku', fields.CharField(max_length=64)),
                ('name', fields.CharField(max_length=200)),
                ('description', fields.TextField(default='', unique=False)),
                ('category', fields.CharField(max_length=40)),
                ('unit', fields.CharField(max_length=20)),
                ('price_idr', fields.BigIntField()),
                ('tiers', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('min_order_qty', fields.IntField(default=1)),
                ('stock', fields.IntField(default=0)),
                ('reserved', fields.IntField(default=0)),
                ('cost_idr', fields.BigIntField(default=0)),
                ('supplier_member', fields.ForeignKeyField('market.Member', source_field='supplier_member_id', null=True, db_constraint=True, to_field='id', related_name='supplied_products', on_delete=OnDelete.SET_NULL)),
                ('halal', fields.BooleanField(default=False)),
                ('origin_regency', fields.CharField(default='', max_length=100)),
                ('produced_on', fields.DateField(null=True)),
                ('origin_cooperative', fields.ForeignKeyField('market.Cooperative', source_field='origin_cooperative_id', null=True, db_constraint=True, to_field='id', related_name='sourced_products', on_delete=OnDelete.SET_NULL)),
                ('photos', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('status', fields.CharEnumField(default=ProductStatus.ACTIVE, description='ACTIVE: active\nREMOVED: removed', enum_type=ProductStatus, max_length=12)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'catalog_product', 'app': 'catalog', 'unique_together': (('cooperative', 'sku'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SearchDoc',
            fields=[
                ('product_id', fields.IntField(primary_key=True, unique=True, db_index=True)),
                ('cooperative_id', fields.IntField()),
                ('cooperative_name', fields.CharField(max_length=200)),
                ('province', fields.CharField(max_length=100)),
                ('category', fields.CharField(max_length=40)),
                ('halal', fields.BooleanField()),
                ('price_idr', fields.BigIntField()),
                ('price_bucket', fields.CharField(max_length=20)),
                ('in_stock', fields.BooleanField()),
                ('coop_active', fields.BooleanField()),
                ('name', fields.CharField(max_length=200)),
                ('unit', fields.CharField(max_length=20)),
                ('photo', fields.CharField(default='', max_length=200)),
                ('name_folded', fields.TextField(unique=False)),
                ('body_folded', fields.TextField(unique=False)),
                ('created_ts', fields.BigIntField()),
            ],
            options={'table': 'catalog_search_doc', 'app': 'catalog', 'indexes': [Index(fields=['cooperative_id']), Index(fields=['price_idr']), Index(fields=['created_ts'])], 'pk_attr': 'product_id', 'table_description': "The search index's document of one product (SQLite FTS5 / PostgreSQL engines)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SearchTerm',
            fields=[
                ('term', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
            ],
            options={'table': 'catalog_search_term', 'app': 'catalog', 'pk_attr': 'term', 'table_description': 'Every word ever indexed: the dictionary typo corrections are drawn from.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='StockMovement',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('product', fields.ForeignKeyField('catalog.Product', source_field='product_id', db_constraint=True, to_field='id', related_name='movements', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=12)),
                ('quantity', fields.IntField()),
                ('reserved_change', fields.IntField(default=0)),
                ('stock_after', fields.IntField()),
                ('reason', fields.CharField(default='', max_length=200)),
                ('reference', fields.CharField(null=True, unique=True, max_length=200)),
                ('user_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'catalog_stock_movement', 'app': 'catalog', 'indexes': [Index(fields=['product_id', 'id'])], 'pk_attr': 'id', 'table_description': 'Every change of stock or reserved, with why. A reference makes retried calls harmless.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='StockReservation',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('product', fields.ForeignKeyField('catalog.Product', source_field='product_id', db_constraint=True, to_field='id', related_name='reservations', on_delete=OnDelete.CASCADE)),
                ('reference', fields.CharField(unique=True, max_length=200)),
                ('quantity', fields.IntField()),
                ('status', fields.CharEnumField(default=ReservationStatus.HELD, description='HELD: held\nRELEASED: released\nTAKEN: taken', enum_type=ReservationStatus, max_length=10)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'catalog_stock_reservation', 'app': 'catalog', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
