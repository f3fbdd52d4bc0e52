from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('market', '0006_books_per_owner')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Cooperative',
            name='non_member_shu_to_reserve',
            field=fields.BooleanField(default=True),
        ),
        ops.DeleteModel(name='Participation'),
    ]
