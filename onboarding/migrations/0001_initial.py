from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from onboarding.models import ApplicationState, BankCheck, CheckItem, DocumentKind, _empty
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Application',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cooperative_id', fields.IntField(unique=True)),
                ('state', fields.CharEnumField(default=ApplicationState.SUBMITTED, description='SUBMITTED: submitted\nCHANGES_REQUESTED: changes_requested\nAPPROVED: approved', enum_type=ApplicationState, max_length=20)),
                ('revision', fields.IntField(default=1)),
                ('applicant_user_id', fields.IntField()),
                ('contact_name', fields.CharField(max_length=200)),
                ('contact_position', fields.CharField(default='', max_length=100)),
                ('contact_phone', fields.CharField(max_length=20)),
                ('bank_check', fields.CharEnumField(default=BankCheck.PENDING, description='PENDING: pending\nMATCHED: matched\nMISMATCH: mismatch\nNOT_FOUND: not_found', enum_type=BankCheck, max_length=12)),
                ('bank_check_name', fields.CharField(default='', max_length=200)),
                ('bank_checked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('decision_reason', fields.TextField(default='', unique=False)),
                ('response', fields.TextField(default='', unique=False)),
                ('submitted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('decided_by_user_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'onboarding_application', 'app': 'onboarding', 'indexes': [Index(fields=['state', 'submitted_at'])], 'pk_attr': 'id', 'table_description': "A cooperative's registration, from its first submission to its verification."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cooperative_id', fields.IntField()),
                ('application_id', fields.IntField(null=True)),
                ('actor_user_id', fields.IntField(null=True)),
                ('actor_label', fields.CharField(default='', max_length=254)),
                ('action', fields.CharField(max_length=40)),
                ('detail', fields.JSONField(default=_empty, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'onboarding_audit', 'app': 'onboarding', 'indexes': [Index(fields=['cooperative_id', 'id'])], 'pk_attr': 'id', 'table_description': "Who did what to a cooperative's registration, status, people or tokens, and when."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Check',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('application', fields.ForeignKeyField('onboarding.Application', source_field='application_id', db_constraint=True, to_field='id', related_name='checks', on_delete=OnDelete.RESTRICT)),
                ('item', fields.CharEnumField(description='DOCUMENTS_READ: documents_read\nLEGAL_NUMBER: legal_number_format\nBANK_NAME: bank_name_matches\nCONTACT: contact_reached', enum_type=CheckItem, max_length=24)),
                ('revision', fields.IntField()),
                ('checked_by_user_id', fields.IntField()),
                ('checked_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'onboarding_check', 'app': 'onboarding', 'unique_together': (('application', 'item', 'revision'),), 'pk_attr': 'id', 'table_description': "One item of the operator's checklist ticked for one revision of an application."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Document',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('application', fields.ForeignKeyField('onboarding.Application', source_field='application_id', db_constraint=True, to_field='id', related_name='documents', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='AKTA: akta_pendirian\nSK: sk_pengesahan\nNPWP: npwp', enum_type=DocumentKind, max_length=20)),
                ('file_name', fields.CharField(max_length=100)),
                ('content_type', fields.CharField(max_length=40)),
                ('size', fields.IntField()),
                ('sha256', fields.CharField(max_length=64)),
                ('original_name', fields.CharField(default='', max_length=200)),
                ('uploaded_by_user_id', fields.IntField(null=True)),
                ('uploaded_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('replaced_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'onboarding_document', 'app': 'onboarding', 'indexes': [Index(fields=['application_id', 'kind'])], 'pk_attr': 'id', 'table_description': 'One uploaded paper (PDF, JPEG or PNG). A replaced one keeps its row with ``replaced_at``.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Invitation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cooperative_id', fields.IntField()),
                ('role', fields.CharField(max_length=16)),
                ('member_id', fields.IntField(null=True)),
                ('name', fields.CharField(max_length=200)),
                ('phone', fields.CharField(default='', max_length=20)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('created_by_user_id', fields.IntField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('used_by_user_id', fields.IntField(null=True)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'onboarding_invitation', 'app': 'onboarding', 'indexes': [Index(fields=['cooperative_id', 'created_at'])], 'pk_attr': 'id', 'table_description': 'A one-time link that gives one person a login of the cooperative (only its SHA-256 kept).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Note',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('application', fields.ForeignKeyField('onboarding.Application', source_field='application_id', db_constraint=True, to_field='id', related_name='notes', on_delete=OnDelete.RESTRICT)),
                ('author_user_id', fields.IntField()),
                ('text', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'onboarding_note', 'app': 'onboarding', 'pk_attr': 'id', 'table_description': "The operator's working note on an application (the applicant does not see these)."},
            bases=['Model'],
        ),
    ]
