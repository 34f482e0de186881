"""``domain.records.NamedTuple`` makes the classes ``typing.NamedTuple`` makes, faster."""

from __future__ import annotations

import pickle
import typing
from datetime import date
from typing import Any

import pytest

from sam_tui.domain import records


def _both(body: str) -> tuple[Any, Any]:
    """The class ``body`` defines, made by typing's NamedTuple and by records'."""
    made = []
    for base in (typing.NamedTuple, records.NamedTuple):
        space: dict[str, object] = {"NamedTuple": base, "date": date, "__name__": __name__}
        exec(f"from __future__ import annotations\n{body}", space)
        made.append(space["Row"])
    return made[0], made[1]


ROW = '''
class Row(NamedTuple):
    """A row."""

    id: int
    name: str
    due: date | None = None
    tags: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.name} #{self.id}"

    def later(self, days: int) -> int:
        return self.id + days
'''


def test_the_same_class_as_typing_makes() -> None:
    typed, ours = _both(ROW)
    for cls in (typed, ours):
        assert cls._fields == ("id", "name", "due", "tags")
        assert cls._field_defaults == {"due": None, "tags": ()}
        assert issubclass(cls, tuple) and cls.__mro__[1:] == (tuple, object)
        assert cls.__doc__ == "A row."
        assert cls.__name__ == cls.__qualname__ == "Row" and cls.__module__ == __name__
        assert list(cls.__annotations__) == ["id", "name", "due", "tags"]
        row = cls(1, "Acme")
        assert row == (1, "Acme", None, ()) and row.label == "Acme #1" and row.later(2) == 3
        assert row._replace(name="B") == (1, "B", None, ())
        assert cls._make([2, "C", None, ("x",)]).tags == ("x",)
        assert row._asdict() == {"id": 1, "name": "Acme", "due": None, "tags": ()}
        assert repr(row) == "Row(id=1, name='Acme', due=None, tags=())"
    assert typed(3, "D", date(2026, 1, 2)) == ours(3, "D", date(2026, 1, 2))


def test_a_record_pickles_as_itself() -> None:
    # a sam NamedTuple crosses processes (the cockpit's workers): by its module and name
    assert pickle.loads(pickle.dumps(records_row := _Pickled(1, "x"))) == records_row


class _Pickled(records.NamedTuple):
    id: int
    name: str


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("class Row(NamedTuple):\n    a: int = 1\n    b: int\n", TypeError),
        ("class Row(NamedTuple):\n    a: int\n    def _asdict(self): ...\n", AttributeError),
        ("class Row(NamedTuple, dict):\n    a: int\n", TypeError),
    ],
)
def test_what_typing_refuses_is_refused(body: str, error: type[Exception]) -> None:
    for base in (typing.NamedTuple, records.NamedTuple):
        with pytest.raises(error):
            exec(f"from __future__ import annotations\n{body}", {"NamedTuple": base})


def test_only_the_class_syntax() -> None:
    with pytest.raises(TypeError):
        records.NamedTuple("Row", [("a", int)])
