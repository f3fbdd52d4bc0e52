from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('loans', '0003_bank_credit_lines')]

    initial = False

    operations = [
        ops.AddField(
            model_name='LoanProduct',
            name='akad',
            field=fields.CharField(default='konvensional', max_length=12),
        ),
    ]
