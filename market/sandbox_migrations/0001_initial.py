from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name="SandboxDocument",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("store", fields.CharField(max_length=32)),
                ("field", fields.CharField(max_length=64)),
                ("key", fields.CharField(max_length=255)),
                ("body", fields.TextField(unique=False)),
                ("version", fields.BigIntField()),
            ],
            options={
                "table": "sandbox_document",
                "app": "sandbox",
                "unique_together": (("store", "field", "key"),),
                "indexes": [Index(fields=["store", "version"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SandboxClock",
            fields=[
                ("store", fields.CharField(primary_key=True, unique=True, db_index=True, max_length=32)),
                ("version", fields.BigIntField(default=0)),
            ],
            options={"table": "sandbox_clock", "app": "sandbox", "pk_attr": "store"},
            bases=["Model"],
        ),
    ]
