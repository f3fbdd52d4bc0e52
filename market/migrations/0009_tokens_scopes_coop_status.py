from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('market', '0008_posting_book_last')]

    initial = False

    operations = [
        ops.AlterModelOptions(
            name='ApiToken',
            options={'table': 'api_token', 'app': 'market', 'pk_attr': 'id', 'table_description': "A bearer token (its SHA-256 only). A person's own token (``cooperative`` unset) acts as its"},
        ),
        ops.AddField(
            model_name='ApiToken',
            name='cooperative',
            field=fields.ForeignKeyField('market.Cooperative', source_field='cooperative_id', null=True, db_constraint=True, to_field='id', related_name='api_tokens', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='ApiToken',
            name='last_used_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='ApiToken',
            name='revoked_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='ApiToken',
            name='scopes',
            field=fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='Cooperative',
            name='status_changed_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Cooperative',
            name='status_reason',
            field=fields.CharField(default='', db_default='', max_length=500),
        ),
        ops.AddField(
            model_name='Cooperative',
            name='verified_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
