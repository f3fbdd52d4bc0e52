from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('market', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='IdempotencyRecord',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('scope', fields.CharField(max_length=100)),
                ('key', fields.CharField(max_length=200)),
                ('fingerprint', fields.CharField(default='', max_length=64)),
                ('state', fields.CharField(default='pending', max_length=12)),
                ('status_code', fields.IntField(default=0)),
                ('response', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('locked_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('completed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'idempotency_record', 'app': 'market', 'unique_together': (('scope', 'key'),), 'pk_attr': 'id', 'table_description': 'The first answer given to one idempotency key: replayed to every retry of that key.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ThrottleCounter',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=200)),
                ('count', fields.IntField(default=0)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'throttle_counter', 'app': 'market', 'pk_attr': 'id', 'table_description': 'Fixed-window counters of the rate limiter, shared by every process.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='UserSession',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key_hash', fields.CharField(unique=True, max_length=64)),
                ('user', fields.ForeignKeyField('market.User', source_field='user_id', db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('last_seen_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('user_agent', fields.CharField(default='', max_length=200)),
                ('client_ip', fields.CharField(default='', max_length=64)),
            ],
            options={'table': 'user_session', 'app': 'market', 'indexes': [Index(fields=['user_id', 'revoked_at'])], 'pk_attr': 'id', 'table_description': 'Server-side log-in sessions (the id hash only).'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='OutboxEvent',
            name='failed_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='OutboxEvent',
            name='next_attempt_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
