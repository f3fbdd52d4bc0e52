from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('market', '0007_shu_from_the_books')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Posting',
            index=Index(fields=['book', 'id']),
        ),
    ]
