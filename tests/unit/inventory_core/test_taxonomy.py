import pytest

from assessment.inventory_core.normalise import normalise_key
from assessment.inventory_core.taxonomy import (
    DATA_FILE,
    CategoryGroup,
    TaxonomyError,
    load_taxonomy,
    parse_taxonomy,
)
from assessment.inventory_core.values import parse_choice


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def test_counts_six_groups_and_49_subcategories(taxonomy):
    assert len(taxonomy.category_groups) == 6
    assert len(taxonomy.subcategories) == 49
    assert [len(g.subcategories) for g in taxonomy.category_groups] == [7, 10, 10, 6, 9, 7]


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("journey_stages", 6),
        ("channels", 16),
        ("segments", 4),
        ("data_objects", 12),
        ("integration_methods", 7),
        ("frequencies", 5),
        ("integration_statuses", 4),
        ("tool_statuses", 4),
        ("lifecycle_decisions", 5),
        ("integration_layers", 4),
    ],
)
def test_list_sizes(taxonomy, name, count):
    assert len(taxonomy.choices(name)) == count


def test_stage_keys_and_flags(taxonomy):
    assert [s.key for s in taxonomy.journey_stages] == [
        "awareness", "engagement", "purchase", "fulfilment", "service", "advocacy",
    ]  # fmt: skip
    assert taxonomy.automated_methods == frozenset(taxonomy.options("integration_methods")) - {
        "manual"
    }
    assert "web" in taxonomy.digital_channels and "in_store" not in taxonomy.digital_channels
    assert list(taxonomy.options("tool_statuses")) == ["active", "trial", "inactive", "retired"]


def test_entries_are_frozen(taxonomy):
    group = taxonomy.category_groups[0]
    assert isinstance(group, CategoryGroup)
    with pytest.raises(AttributeError):
        group.name = "x"


def test_subcategories_know_their_group(taxonomy):
    assert taxonomy.group_of("crm") == "social_relationships"
    assert taxonomy.group_of("cdp") == "data"
    assert taxonomy.group_of("nope") is None


@pytest.mark.parametrize(
    ("alias", "key"),
    [
        ("Analytics", "mobile_web_analytics"),
        ("Ecommerce", "ecommerce_platforms"),
        ("E-commerce", "ecommerce_platforms"),
        ("CRM", "crm"),
        ("CDP", "cdp"),
        ("ESP", "email_marketing"),
        ("Email", "email_marketing"),
        ("MAP", "marketing_automation"),
        ("Marketing Automation", "marketing_automation"),
        ("CMS", "cms_web_experience"),
        ("DAM", "dam_mrm_pim"),
        ("iPaaS", "ipaas_integration_tag_management"),
        ("Tag management", "ipaas_integration_tag_management"),
        ("Chatbot", "live_chat_chatbots"),
        ("Helpdesk", "customer_experience_service"),
    ],
)
def test_common_aliases(taxonomy, alias, key):
    match = parse_choice(
        alias, taxonomy.options("subcategories"), taxonomy.aliases("subcategories")
    )
    assert match.key == key


def test_every_yaml_value_is_a_string_not_a_yaml_boolean(taxonomy):
    for name in ("personalisation_levels", "integration_statuses", "integration_directions"):
        for choice in taxonomy.choices(name):
            assert all(isinstance(a, str) for a in choice.aliases)
    assert "No" in taxonomy.get("personalisation_levels", "none").aliases


def test_unknown_list_raises(taxonomy):
    with pytest.raises(KeyError):
        taxonomy.choices("colours")


def _minimal(**overrides):
    import yaml

    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    data.update(overrides)
    return data


def test_parse_rejects_duplicate_keys():
    data = _minimal(tool_statuses=[{"key": "a", "name": "A"}, {"key": "a", "name": "B"}])
    with pytest.raises(TaxonomyError, match="duplicate key"):
        parse_taxonomy(data)


def test_parse_rejects_alias_naming_two_entries():
    data = _minimal(
        tool_statuses=[{"key": "a", "name": "A", "aliases": ["x"]}, {"key": "b", "name": "X"}]
    )
    with pytest.raises(TaxonomyError, match="names both"):
        parse_taxonomy(data)


def test_parse_rejects_non_string_alias():
    data = _minimal(tool_statuses=[{"key": "a", "name": "A", "aliases": [False]}])
    with pytest.raises(TaxonomyError, match="non-empty string"):
        parse_taxonomy(data)


def test_parse_rejects_missing_list():
    data = _minimal()
    del data["channels"]
    with pytest.raises(TaxonomyError, match="channels"):
        parse_taxonomy(data)


def test_load_from_path_equals_default(tmp_path, taxonomy):
    path = tmp_path / "t.yaml"
    path.write_text(DATA_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_taxonomy(path).options("subcategories") == taxonomy.options("subcategories")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("E-Commerce", "e commerce"),
        ("Search & Social", "search and social"),
        ("Crème Brûlée", "creme brulee"),
        ("cost_annual", "cost annual"),
        ("->", "->"),
    ],
)
def test_normalise_key(text, expected):
    assert normalise_key(text) == expected


def test_every_default_name_is_marked_for_translation():
    """taxonomy_labels.py is what makemessages reads for taxonomy.yaml: the two agree."""
    import yaml

    from assessment.inventory_core.taxonomy import DATA_FILE
    from assessment.inventory_core.taxonomy_labels import DEFAULT_NAMES

    names = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("name"), str):
                names.append(node["name"])
            for key, value in node.items():
                if key != "aliases":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")))
    assert set(DEFAULT_NAMES) == set(names), set(names) ^ set(DEFAULT_NAMES)
