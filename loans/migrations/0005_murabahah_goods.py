from tortoise import migrations
from tortoise.migrations import operations as ops
from loans.models import Channel
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('loans', '0004_akad')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='Loan',
            name='channel',
            field=fields.CharEnumField(null=True, description='WALLET: wallet\nCASH: cash\nXENDIT: xendit\nGOODS: goods', enum_type=Channel, max_length=8),
        ),
        ops.AddField(
            model_name='Loan',
            name='goods_product_id',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='Loan',
            name='goods_quantity',
            field=fields.IntField(null=True),
        ),
        ops.AlterField(
            model_name='Payment',
            name='channel',
            field=fields.CharEnumField(description='WALLET: wallet\nCASH: cash\nXENDIT: xendit\nGOODS: goods', enum_type=Channel, max_length=8),
        ),
    ]
