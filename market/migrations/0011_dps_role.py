from tortoise import migrations
from tortoise.migrations import operations as ops
from market.models import Role
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('market', '0010_operator_province')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='User',
            name='role',
            field=fields.CharEnumField(description='OPERATOR: operator\nMANAGER: manager\nCASHIER: cashier\nMEMBER: member\nBUYER: buyer\nDPS: dps', enum_type=Role, max_length=16),
        ),
    ]
