from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from shu.models import CapitalBasis, LossCarry, PayoutMethod, ProposalState, default_capital_kinds
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='ShuPolicy',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cooperative_id', fields.IntField()),
                ('fiscal_year', fields.IntField()),
                ('funds', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('fund_names', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('line_weights', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('capital_kinds', fields.JSONField(default=default_capital_kinds, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('capital_basis', fields.CharEnumField(default=CapitalBasis.YEAR_END, description='YEAR_END: year_end\nAVERAGE_MONTHLY: average_monthly', enum_type=CapitalBasis, max_length=20)),
                ('exited_members_share', fields.BooleanField(default=False)),
                ('non_member_to_reserve', fields.BooleanField(default=True)),
                ('loss_carry', fields.CharEnumField(default=LossCarry.CARRIED_FORWARD, description='CADANGAN: cadangan\nCARRIED_FORWARD: carried_forward', enum_type=LossCarry, max_length=20)),
                ('payout', fields.CharEnumField(default=PayoutMethod.WALLET, description='WALLET: wallet\nSUKARELA: sukarela\nCASH: cash', enum_type=PayoutMethod, max_length=12)),
                ('frozen_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'shu_policy', 'app': 'shu', 'unique_together': (('cooperative_id', 'fiscal_year'),), 'pk_attr': 'id', 'table_description': "A cooperative's SHU policy for one fiscal year (AD/ART), frozen once that year is closed:"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ShuProposal',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cooperative_id', fields.IntField()),
                ('fiscal_year', fields.IntField()),
                ('version', fields.IntField()),
                ('state', fields.CharEnumField(default=ProposalState.PROPOSED, description='PROPOSED: proposed\nAPPROVED: approved\nDISTRIBUTED: distributed\nREJECTED: rejected\nSUPERSEDED: superseded', enum_type=ProposalState, max_length=12)),
                ('income', fields.BigIntField(default=0)),
                ('expenses', fields.BigIntField(default=0)),
                ('shu_before_tax', fields.BigIntField(default=0)),
                ('tax', fields.BigIntField(default=0)),
                ('shu_after_tax', fields.BigIntField(default=0)),
                ('member_shu', fields.BigIntField(default=0)),
                ('non_member_shu', fields.BigIntField(default=0)),
                ('policy', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('detail', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_by_user_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('decided_by_item_id', fields.IntField(null=True)),
            ],
            options={'table': 'shu_proposal', 'app': 'shu', 'unique_together': (('cooperative_id', 'fiscal_year', 'version'),), 'pk_attr': 'id', 'table_description': "One version of a year's SHU proposal: the figures from the year's PHU, the policy it used"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Distribution',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('proposal', fields.OneToOneField('shu.ShuProposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='distribution', on_delete=OnDelete.CASCADE)),
                ('started_by_user_id', fields.IntField(null=True)),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('detail', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'shu_distribution', 'app': 'shu', 'pk_attr': 'id', 'table_description': "The booking of an approved proposal, once: the funds' entry, then each member's credit."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MemberCredit',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('distribution', fields.ForeignKeyField('shu.Distribution', source_field='distribution_id', db_constraint=True, to_field='id', related_name='credits', on_delete=OnDelete.CASCADE)),
                ('member_id', fields.IntField()),
                ('amount', fields.BigIntField()),
                ('method', fields.CharEnumField(description='WALLET: wallet\nSUKARELA: sukarela\nCASH: cash', enum_type=PayoutMethod, max_length=12)),
                ('reference', fields.CharField(unique=True, max_length=120)),
                ('credited_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('paid_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('paid_by_user_id', fields.IntField(null=True)),
                ('detail', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'shu_member_credit', 'app': 'shu', 'unique_together': (('distribution', 'member_id'),), 'pk_attr': 'id', 'table_description': "One member's share paid out: into their wallet or simpanan sukarela, or held for cash at"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ShuFund',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('proposal', fields.ForeignKeyField('shu.ShuProposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='funds', on_delete=OnDelete.CASCADE)),
                ('code', fields.CharField(max_length=40)),
                ('name', fields.CharField(max_length=120)),
                ('bps', fields.IntField()),
                ('amount', fields.BigIntField()),
            ],
            options={'table': 'shu_fund', 'app': 'shu', 'unique_together': (('proposal', 'code'),), 'pk_attr': 'id', 'table_description': 'One fund of a proposal (its basis points of the SHU and its amount, by largest remainder).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ShuMemberShare',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('proposal', fields.ForeignKeyField('shu.ShuProposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='shares', on_delete=OnDelete.CASCADE)),
                ('member_id', fields.IntField()),
                ('weights', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('capital', fields.BigIntField(default=0)),
                ('jasa_usaha', fields.BigIntField(default=0)),
                ('jasa_modal', fields.BigIntField(default=0)),
                ('total', fields.BigIntField(default=0)),
            ],
            options={'table': 'shu_member_share', 'app': 'shu', 'unique_together': (('proposal', 'member_id'),), 'pk_attr': 'id', 'table_description': "One member's share in a proposal: their weights and capital, jasa usaha + jasa modal."},
            bases=['Model'],
        ),
    ]
