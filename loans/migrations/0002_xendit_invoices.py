from tortoise import migrations
from tortoise.migrations import operations as ops
from loans.models import Channel
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('loans', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='LoanInvoice',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('loan_id', fields.IntField(db_index=True)),
                ('seq', fields.IntField()),
                ('payment_id', fields.IntField(null=True, unique=True)),
                ('principal', fields.BigIntField()),
                ('jasa', fields.BigIntField()),
                ('late_charge', fields.BigIntField(default=0)),
                ('status', fields.CharField(default='open', max_length=12)),
                ('opened_by', fields.IntField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'loans_invoice', 'app': 'loans', 'pk_attr': 'id', 'table_description': "A Xendit invoice a member opened for one instalment: its id is the payment's ``owner_id``"},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='Loan',
            name='channel',
            field=fields.CharEnumField(null=True, description='WALLET: wallet\nCASH: cash\nXENDIT: xendit', enum_type=Channel, max_length=8),
        ),
        ops.AlterField(
            model_name='Payment',
            name='channel',
            field=fields.CharEnumField(description='WALLET: wallet\nCASH: cash\nXENDIT: xendit', enum_type=Channel, max_length=8),
        ),
        ops.AddField(
            model_name='Payment',
            name='invoice_id',
            field=fields.IntField(null=True, unique=True),
        ),
    ]
