from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('loans', '0002_xendit_invoices')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CreditLine',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cooperative_id', fields.IntField(db_index=True)),
                ('bank_name', fields.CharField(max_length=120)),
                ('limit', fields.BigIntField()),
                ('rate_bps_year', fields.IntField()),
                ('term_months', fields.IntField()),
                ('opened_on', fields.DateField()),
                ('drawn', fields.BigIntField(default=0)),
                ('owed', fields.BigIntField(default=0)),
                ('interest_paid', fields.BigIntField(default=0)),
                ('created_by', fields.IntField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'loans_credit_line', 'app': 'loans', 'pk_attr': 'id', 'table_description': 'Bank credit channelled through the cooperative: a facility of *limit* from a bank, at'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CreditMovement',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('line_id', fields.IntField(db_index=True)),
                ('kind', fields.CharField(max_length=8)),
                ('principal', fields.BigIntField()),
                ('interest', fields.BigIntField(default=0)),
                ('account', fields.CharField(max_length=8)),
                ('booked_on', fields.DateField()),
                ('reference', fields.CharField(unique=True, max_length=120)),
                ('actor_user_id', fields.IntField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'loans_credit_movement', 'app': 'loans', 'pk_attr': 'id', 'table_description': 'A drawdown from the bank (``draw``) or a repayment to it (``repay``: principal and interest).'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Loan',
            name='credit_line_id',
            field=fields.IntField(null=True, db_index=True),
        ),
    ]
