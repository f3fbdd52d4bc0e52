from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('rat', '0001_initial')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Meeting',
            name='dps_note',
            field=fields.CharField(default='', max_length=500),
        ),
        ops.AddField(
            model_name='Meeting',
            name='dps_signed_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Meeting',
            name='dps_signed_by_name',
            field=fields.CharField(default='', max_length=200),
        ),
        ops.AddField(
            model_name='Meeting',
            name='dps_signed_by_user_id',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='Meeting',
            name='needs_dps',
            field=fields.BooleanField(default=False),
        ),
    ]
