"""The early repayment rule of a loan product, copied onto each loan at its application."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("loans", "0005_murabahah_goods")]

    initial = False

    operations = [
        ops.AddField(
            model_name="LoanProduct", name="early_rule", field=fields.CharField(default="pro_rata", max_length=16)
        ),
        ops.AddField(model_name="Loan", name="early_rule", field=fields.CharField(default="pro_rata", max_length=16)),
    ]
