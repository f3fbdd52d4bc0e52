from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from syariah.models import default_codes, no_codes, no_detail
from tortoise import fields

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='MudharabahProduct',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cooperative_id', fields.IntField(db_index=True)),
                ('name', fields.CharField(max_length=100)),
                ('nisbah_bps', fields.IntField()),
                ('income_codes', fields.JSONField(default=default_codes, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('cost_codes', fields.JSONField(default=no_codes, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'syariah_mudharabah_product', 'app': 'syariah', 'unique_together': (('cooperative_id', 'name'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Share',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('run_id', fields.IntField(db_index=True)),
                ('member_id', fields.IntField(db_index=True)),
                ('balance_days', fields.BigIntField()),
                ('amount', fields.BigIntField()),
            ],
            options={'table': 'syariah_share', 'app': 'syariah', 'unique_together': (('run_id', 'member_id'),), 'pk_attr': 'id', 'table_description': "One saver's part of a run, with the inputs of their formula."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ShareRun',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cooperative_id', fields.IntField(db_index=True)),
                ('product_id', fields.IntField(null=True)),
                ('kind', fields.CharField(max_length=12)),
                ('month', fields.CharField(max_length=7)),
                ('days', fields.IntField()),
                ('income', fields.BigIntField(default=0)),
                ('costs', fields.BigIntField(default=0)),
                ('nisbah_bps', fields.IntField(default=0)),
                ('savers_part', fields.BigIntField()),
                ('balance_days', fields.BigIntField()),
                ('reference', fields.CharField(unique=True, max_length=120)),
                ('booked_on', fields.DateField()),
                ('actor_user_id', fields.IntField(null=True)),
                ('detail', fields.JSONField(default=no_detail, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'syariah_share_run', 'app': 'syariah', 'pk_attr': 'id', 'table_description': 'One month shared out: bagi hasil of a mudharabah product, or a wadiah bonus (product None).'},
            bases=['Model'],
        ),
    ]
