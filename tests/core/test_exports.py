from assessment.inventory_core import values
from core import exports


def test_core_neutralises_formulas_as_the_inventories_do():
    assert exports.FORMULA_TRIGGERS == values.FORMULA_TRIGGERS
    for cell in ["=SUM(A1)", "+A1", "-cmd", "@x", "'=1", "HubSpot", "", 5, None, "＝1"]:
        assert exports.neutralise_formula(cell) == values.neutralise_formula(cell)
