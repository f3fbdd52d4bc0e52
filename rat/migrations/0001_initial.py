from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from rat.models import ItemKind, MeetingKind, MeetingState, Via
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Meeting',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cooperative_id', fields.IntField(db_index=True)),
                ('title', fields.CharField(max_length=200)),
                ('kind', fields.CharEnumField(default=MeetingKind.RAT, description='RAT: rat\nRALB: ralb', enum_type=MeetingKind, max_length=8)),
                ('fiscal_year', fields.IntField()),
                ('state', fields.CharEnumField(default=MeetingState.DRAFT, description='DRAFT: draft\nPUBLISHED: published\nOPEN: open\nCLOSED: closed', enum_type=MeetingState, max_length=12)),
                ('notice_days', fields.IntField(default=14)),
                ('notice_published_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('opens_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('closes_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('record_date', fields.DateField()),
                ('quorum_bps', fields.IntField(default=5000)),
                ('decision_bps', fields.IntField(default=5000)),
                ('delegates_allowed', fields.BooleanField(default=False)),
                ('created_by_user_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('opened_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('closed_by_user_id', fields.IntField(null=True)),
                ('eligible_count', fields.IntField(null=True)),
                ('attended_count', fields.IntField(null=True)),
                ('quorum_met', fields.BooleanField(null=True)),
                ('minutes', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'rat_meeting', 'app': 'rat', 'pk_attr': 'id', 'table_description': "A members' meeting. Times are stored in UTC and shown in the cooperative's zone."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AgendaItem',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('meeting', fields.ForeignKeyField('rat.Meeting', source_field='meeting_id', db_constraint=True, to_field='id', related_name='items', on_delete=OnDelete.CASCADE)),
                ('position', fields.IntField()),
                ('kind', fields.CharEnumField(description='STATEMENTS: statements\nACCOUNTABILITY: accountability\nSHU: shu\nWORKPLAN: workplan\nOTHER: other', enum_type=ItemKind, max_length=16)),
                ('title', fields.CharField(max_length=200)),
                ('description', fields.TextField(default='', unique=False)),
                ('options', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('shu_proposal_id', fields.IntField(null=True)),
                ('shu_version', fields.IntField(null=True)),
                ('result', fields.CharField(null=True, max_length=100)),
                ('counts', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'rat_agenda_item', 'app': 'rat', 'unique_together': (('meeting', 'position'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Attendance',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('meeting', fields.ForeignKeyField('rat.Meeting', source_field='meeting_id', db_constraint=True, to_field='id', related_name='attendance', on_delete=OnDelete.CASCADE)),
                ('member_id', fields.IntField()),
                ('via', fields.CharEnumField(description='ONLINE: online\nCOUNTER: counter\nDELEGATE: delegate', enum_type=Via, max_length=10)),
                ('delegate_member_id', fields.IntField(null=True)),
                ('recorded_by_user_id', fields.IntField(null=True)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'rat_attendance', 'app': 'rat', 'unique_together': (('meeting', 'member_id'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MeetingDocument',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('meeting', fields.ForeignKeyField('rat.Meeting', source_field='meeting_id', db_constraint=True, to_field='id', related_name='documents', on_delete=OnDelete.CASCADE)),
                ('item_id', fields.IntField(null=True)),
                ('name', fields.CharField(max_length=200)),
                ('stored_as', fields.CharField(max_length=100)),
                ('content_type', fields.CharField(max_length=40)),
                ('size', fields.IntField()),
                ('sha256', fields.CharField(max_length=64)),
                ('uploaded_by_user_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'rat_document', 'app': 'rat', 'pk_attr': 'id', 'table_description': "A paper for the meeting (the statements, the board's report…): kept private, served only"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Vote',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('item', fields.ForeignKeyField('rat.AgendaItem', source_field='item_id', db_constraint=True, to_field='id', related_name='votes', on_delete=OnDelete.CASCADE)),
                ('meeting_id', fields.IntField(db_index=True)),
                ('member_id', fields.IntField()),
                ('choice', fields.CharField(max_length=100)),
                ('receipt_code', fields.CharField(unique=True, max_length=20)),
                ('via', fields.CharEnumField(description='ONLINE: online\nCOUNTER: counter\nDELEGATE: delegate', enum_type=Via, max_length=10)),
                ('recorded_by_user_id', fields.IntField(null=True)),
                ('cast_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'rat_vote', 'app': 'rat', 'unique_together': (('item', 'member_id'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
