"""The columns file: order, aliases, and errors that name the file."""

from __future__ import annotations

import pytest

from builder.errors import QikanError
from builder.parse.columns import load_columns


def test_columns_in_their_order_with_aliases(tmp_path):
    path = tmp_path / "sections.yml"
    path.write_text("- {name: 乙, slug: b, order: 2}\n- {name: 甲, slug: a, order: 1, "
                    "aliases: [甲栏]}\n", encoding="utf-8")
    columns = load_columns(path)
    assert [c.slug for c in columns.columns] == ["a", "b"]
    assert columns.match("甲栏").name == "甲"


@pytest.mark.parametrize("text, message", [
    ("", "expected a list of columns"),
    ("name: 甲\n", "expected a list of columns"),
    ("- {name: 甲, slug: a}\n", "column #1 needs name, slug and order"),
    ("- {name: 甲, slug: a, order: 1, aliases: 甲栏}\n", "aliases must be a list"),
    ("- [unclosed\n", "cannot load columns"),
])
def test_a_bad_columns_file_is_an_error_naming_it(tmp_path, text, message):
    path = tmp_path / "sections.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QikanError, match=message) as error:
        load_columns(path)
    assert str(error.value).startswith(str(path))


def test_the_project_columns_load(columns):
    assert len(columns.columns) == 5 and len({c.slug for c in columns.columns}) == 5
