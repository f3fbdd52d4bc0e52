from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('market', '0004_cooperative_public_view')]

    initial = False

    operations = [
        ops.AddField(
            model_name='JournalEntry',
            name='actor_user_id',
            field=fields.IntField(null=True),
        ),
    ]
