from tortoise import migrations
from tortoise.migrations import operations as ops
from network.models import Kind, Status, Via
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='CoopLock',
            fields=[
                ('cooperative_id', fields.IntField(primary_key=True, unique=True, db_index=True)),
            ],
            options={'table': 'network_coop_lock', 'app': 'network', 'pk_attr': 'cooperative_id', 'table_description': 'One row per cooperative, locked (in cooperative id order) by every counter movement and'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CounterCode',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('member_id', fields.IntField()),
                ('home_coop_id', fields.IntField()),
                ('user_id', fields.IntField()),
                ('code_hash', fields.CharField(max_length=200)),
                ('max_amount', fields.BigIntField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('used_by_id', fields.IntField(null=True)),
                ('voided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('failed_attempts', fields.IntField(default=0)),
            ],
            options={'table': 'network_counter_code', 'app': 'network', 'indexes': [Index(fields=['member_id', 'id'])], 'pk_attr': 'id', 'table_description': 'A one-time code a member makes on their page (with their PIN) for a withdrawal at a counter'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CounterTransaction',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(description='WITHDRAWAL: withdrawal\nDEPOSIT: deposit', enum_type=Kind, max_length=12)),
                ('status', fields.CharEnumField(default=Status.PENDING, description='PENDING: pending\nDONE: done\nCANCELLED: cancelled\nEXPIRED: expired', enum_type=Status, max_length=12)),
                ('via', fields.CharEnumField(null=True, description='PHONE: phone\nCODE: code\nCOUNTER: counter', enum_type=Via, max_length=8)),
                ('counter_coop_id', fields.IntField()),
                ('home_coop_id', fields.IntField()),
                ('member_id', fields.IntField()),
                ('member_number', fields.CharField(max_length=32)),
                ('member_name', fields.CharField(max_length=200)),
                ('wallet_id', fields.IntField()),
                ('amount', fields.BigIntField()),
                ('cashier_user_id', fields.IntField()),
                ('member_user_id', fields.IntField(null=True)),
                ('code_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('done_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('ended_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('ended_by_user_id', fields.IntField(null=True)),
            ],
            options={'table': 'network_counter_transaction', 'app': 'network', 'indexes': [Index(fields=['counter_coop_id', 'id']), Index(fields=['home_coop_id', 'id']), Index(fields=['member_id', 'status']), Index(fields=['status', 'expires_at'])], 'pk_attr': 'id', 'table_description': "A cash movement at a cooperative's counter for a member of any network cooperative."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Settlement',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cooperative_id', fields.IntField(db_index=True)),
                ('amount', fields.BigIntField()),
                ('claim', fields.CharField(unique=True, max_length=60)),
                ('payout_id', fields.IntField(null=True, unique=True)),
                ('refused', fields.CharField(default='', max_length=300)),
                ('requested_by_user_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'network_settlement', 'app': 'network', 'pk_attr': 'id', 'table_description': 'The network paying a cooperative what the counters made it owed: one cooperative payout.'},
            bases=['Model'],
        ),
    ]
