"""``NamedTuple``, as ``typing`` has it, built in a third of the time.

``class Row(NamedTuple)`` costs ~0.3 ms at import, two thirds of it in ``typing`` turning
each field's annotation (a string, under ``from __future__ import annotations``) into a
``ForwardRef``, which compiles it. `sam today --json` imports some 50 of them (~10 ms, a
floor's worth of its budget's tenth). This one makes the same class, with
``collections.namedtuple``, and keeps the annotations as written (strings): nothing in
sam reads them at run time; type checkers see ``typing.NamedTuple`` itself.
tests/domain/test_domain_records.py holds the two to the same classes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    import collections

    # as typing's: what a NamedTuple's body may not set, and what it leaves to namedtuple
    _PROHIBITED = frozenset(
        {"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults",
         "_make", "_replace", "_asdict", "_source"}
    )  # fmt: skip
    _SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})

    class _Maker(type):
        def __new__(cls, typename: str, bases: tuple[type, ...], ns: dict) -> type:
            if bases != (_Base,):
                raise TypeError("can only inherit from a NamedTuple type")
            fields = ns.get("__annotations__", {})
            defaulted = []
            for name in fields:
                if name in ns:
                    defaulted.append(name)
                elif defaulted:
                    raise TypeError(
                        f"Non-default namedtuple field {name} cannot follow default field"
                        f"{'s' if len(defaulted) > 1 else ''} {', '.join(defaulted)}"
                    )
            made = collections.namedtuple(
                typename,
                list(fields),
                defaults=[ns[name] for name in defaulted],
                module=ns["__module__"],
            )
            made.__annotations__ = made.__new__.__annotations__ = dict(fields)
            for key, value in ns.items():
                if key in _PROHIBITED:
                    raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
                if key not in _SPECIAL and key not in made._fields:
                    setattr(made, key, value)
            return made

    _Base = type.__new__(_Maker, "NamedTuple", (), {})

    def NamedTuple(typename, fields=None, /, **kwargs):  # noqa: N802 (typing's name)
        """Only the class syntax: ``class Row(NamedTuple): ...``."""
        raise TypeError("use the class syntax: class Row(NamedTuple): ...")

    NamedTuple.__mro_entries__ = lambda bases: (_Base,)
