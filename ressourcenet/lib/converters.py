"""Path converters: an id in an address is one the database could hold, or no page.

Django's `<int:…>` matches any number of digits, and a view that hands 10^20 to the ORM
fails on SQLite ("Python int too large") and PostgreSQL alike. `<id:…>` matches only
1 … ID_MAX, so every such address answers 404 before a view sees it.
"""

from django.urls import register_converter

from ressourcenet.lib.bounds import ID_MAX


class IdConverter:
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= ID_MAX:
            raise ValueError(value)  # the resolver reads it as "no match": a 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")
