from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('shu', '0001_initial')]

    initial = False

    operations = [
        ops.AddField(
            model_name='ShuPolicy',
            name='zakat_base',
            field=fields.CharField(default='shu_setelah_pajak', max_length=20),
        ),
    ]
