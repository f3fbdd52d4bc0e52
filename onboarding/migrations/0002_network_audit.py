from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("onboarding", "0001_initial")]

    initial = False

    operations = [ops.AlterField(model_name="AuditEntry", name="cooperative_id", field=fields.IntField(null=True))]
