"""Pure-Python core of the inventories (tools, integrations, touchpoints).

No Django here: plain values and dataclasses in, plain values out, so parsing, import
cleaning, derived values and charts are tested without a database and the Django layer
only wires them. See docs/inventories.md.
"""
