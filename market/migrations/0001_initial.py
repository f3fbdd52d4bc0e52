from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from enum import StrEnum

from market.models import AccountType, CoopStatus, CoopType, MemberStatus, Role


class ParticipationKind(StrEnum):
    """The kinds of the shu_participation table (dropped in 0007; its model is gone)."""

    PURCHASE = "purchase"
    SUPPLY = "supply"
    PPOB = "ppob"
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Cooperative',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('slug', fields.CharField(unique=True, max_length=64)),
                ('name', fields.CharField(max_length=200)),
                ('legal_number', fields.CharField(unique=True, max_length=100)),
                ('nik_koperasi', fields.CharField(unique=True, max_length=32)),
                ('coop_type', fields.CharEnumField(description='PRODUSEN: produsen\nKONSUMEN: konsumen\nPEMASARAN: pemasaran\nJASA: jasa\nSIMPAN_PINJAM: simpan_pinjam\nSERBA_USAHA: serba_usaha', enum_type=CoopType, max_length=20)),
                ('syariah', fields.BooleanField(default=False)),
                ('province', fields.CharField(max_length=100)),
                ('regency', fields.CharField(max_length=100)),
                ('address', fields.TextField(default='', unique=False)),
                ('timezone', fields.CharField(default='Asia/Jakarta', max_length=40)),
                ('bank_name', fields.CharField(default='', max_length=100)),
                ('bank_account_number', fields.CharField(default='', max_length=40)),
                ('bank_account_holder', fields.CharField(default='', max_length=200)),
                ('shu_policy', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('sukarela_counts_for_modal', fields.BooleanField(default=False)),
                ('simpanan_pokok_amount', fields.BigIntField(default=100000)),
                ('simpanan_wajib_amount', fields.BigIntField(default=20000)),
                ('status', fields.CharEnumField(default=CoopStatus.PENDING, description='PENDING: pending\nACTIVE: active\nSUSPENDED: suspended', enum_type=CoopStatus, max_length=16)),
                ('next_member_seq', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'cooperative', 'app': 'market', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='JournalEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('reference', fields.CharField(unique=True, max_length=200)),
                ('description', fields.CharField(default='', max_length=300)),
                ('cooperative', fields.ForeignKeyField('market.Cooperative', source_field='cooperative_id', null=True, db_constraint=True, to_field='id', related_name='entries', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'journal_entry', 'app': 'market', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Member',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cooperative', fields.ForeignKeyField('market.Cooperative', source_field='cooperative_id', db_constraint=True, to_field='id', related_name='members', on_delete=OnDelete.CASCADE)),
                ('member_number', fields.CharField(max_length=32)),
                ('name', fields.CharField(max_length=200)),
                ('phone', fields.CharField(default='', max_length=20)),
                ('nik', fields.CharField(max_length=16)),
                ('joined_on', fields.DateField()),
                ('status', fields.CharEnumField(default=MemberStatus.ACTIVE, description='ACTIVE: active\nINACTIVE: inactive\nEXITED: exited', enum_type=MemberStatus, max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'member', 'app': 'market', 'unique_together': (('cooperative', 'member_number'), ('cooperative', 'nik')), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Account',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('owner_key', fields.CharField(max_length=40)),
                ('code', fields.CharField(max_length=60)),
                ('name', fields.CharField(max_length=200)),
                ('type', fields.CharEnumField(description='ASSET: asset\nLIABILITY: liability\nEQUITY: equity\nINCOME: income\nEXPENSE: expense', enum_type=AccountType, max_length=12)),
                ('cooperative', fields.ForeignKeyField('market.Cooperative', source_field='cooperative_id', null=True, db_constraint=True, to_field='id', related_name='accounts', on_delete=OnDelete.RESTRICT)),
                ('member', fields.ForeignKeyField('market.Member', source_field='member_id', null=True, db_constraint=True, to_field='id', related_name='accounts', on_delete=OnDelete.RESTRICT)),
                ('allow_negative', fields.BooleanField(default=True)),
                ('balance', fields.BigIntField(default=0)),
            ],
            options={'table': 'ledger_account', 'app': 'market', 'unique_together': (('owner_key', 'code'),), 'pk_attr': 'id', 'table_description': 'A ledger account. ``balance`` is the signed sum of its postings (debit +, credit −).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OutboxEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('topic', fields.CharField(max_length=100)),
                ('payload', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('dispatched_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('attempts', fields.IntField(default=0)),
                ('last_error', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'outbox_event', 'app': 'market', 'indexes': [Index(fields=['dispatched_at', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OutboxDelivery',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('event', fields.ForeignKeyField('market.OutboxEvent', source_field='event_id', db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.CASCADE)),
                ('handler', fields.CharField(max_length=150)),
                ('delivered_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'outbox_delivery', 'app': 'market', 'unique_together': (('event', 'handler'),), 'pk_attr': 'id', 'table_description': "One handler's successful handling of one event: makes redelivery harmless."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Participation',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('reference', fields.CharField(unique=True, max_length=200)),
                ('cooperative', fields.ForeignKeyField('market.Cooperative', source_field='cooperative_id', db_constraint=True, to_field='id', related_name='participations', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('market.Member', source_field='member_id', null=True, db_constraint=True, to_field='id', related_name='participations', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='PURCHASE: purchase\nSUPPLY: supply\nPPOB: ppob', enum_type=ParticipationKind, max_length=12)),
                ('amount', fields.BigIntField()),
                ('margin', fields.BigIntField()),
                ('fiscal_year', fields.IntField()),
                ('occurred_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'shu_participation', 'app': 'market', 'indexes': [Index(fields=['cooperative_id', 'fiscal_year'])], 'pk_attr': 'id', 'table_description': 'A piece of business that earns SHU: who did it, its value (weight) and its margin.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Posting',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('entry', fields.ForeignKeyField('market.JournalEntry', source_field='entry_id', db_constraint=True, to_field='id', related_name='postings', on_delete=OnDelete.CASCADE)),
                ('account', fields.ForeignKeyField('market.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='postings', on_delete=OnDelete.RESTRICT)),
                ('amount', fields.BigIntField()),
            ],
            options={'table': 'ledger_posting', 'app': 'market', 'indexes': [Index(fields=['account_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='User',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('email', fields.CharField(unique=True, max_length=254)),
                ('name', fields.CharField(default='', max_length=200)),
                ('password_hash', fields.CharField(max_length=255)),
                ('role', fields.CharEnumField(description='OPERATOR: operator\nMANAGER: manager\nCASHIER: cashier\nMEMBER: member\nBUYER: buyer', enum_type=Role, max_length=16)),
                ('cooperative', fields.ForeignKeyField('market.Cooperative', source_field='cooperative_id', null=True, db_constraint=True, to_field='id', related_name='users', on_delete=OnDelete.RESTRICT)),
                ('member', fields.ForeignKeyField('market.Member', source_field='member_id', null=True, db_constraint=True, to_field='id', related_name='users', on_delete=OnDelete.RESTRICT)),
                ('is_active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'app_user', 'app': 'market', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ApiToken',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('market.User', source_field='user_id', db_constraint=True, to_field='id', related_name='tokens', on_delete=OnDelete.CASCADE)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('name', fields.CharField(default='', max_length=100)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'api_token', 'app': 'market', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
