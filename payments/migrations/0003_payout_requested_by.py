from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('market', '0004_cooperative_public_view'), ('payments', '0002_typed_owner')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Payout',
            name='requested_by_user_id',
            field=fields.IntField(null=True),
        ),
    ]
