from tortoise import migrations
from tortoise.migrations import operations as ops
from retail.models import SaleStatus
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('retail', '0001_initial')]

    initial = False

    operations = [
        ops.AddField(
            model_name='OpenedUnit',
            name='value',
            field=fields.BigIntField(default=0),
        ),
        # the rests opened before: their cost at the product's cost today, rounded half up
        ops.RunSQL(
            "UPDATE retail_opened_unit SET value = (milli * (SELECT cost_idr FROM catalog_product"
            " WHERE catalog_product.id = retail_opened_unit.product_id) * 2 + 1000) / 2000 WHERE milli > 0",
            reverse_sql=ops.RunSQL.noop,
        ),
        ops.AddField(
            model_name='Sale',
            name='payment_id',
            field=fields.IntField(null=True),
        ),
        ops.AlterField(
            model_name='Sale',
            name='status',
            field=fields.CharEnumField(default=SaleStatus.DONE, description='DONE: done\nRETURNED: returned\nPARTLY_RETURNED: partly_returned\nAWAITING: awaiting_payment\nVOID: void', enum_type=SaleStatus, max_length=16),
        ),
    ]
