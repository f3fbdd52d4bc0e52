from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("market", "0009_tokens_scopes_coop_status")]

    initial = False

    operations = [ops.AddField(model_name="User", name="province", field=fields.CharField(null=True, max_length=100))]
