from django.conf import settings
from ninja import Field, Schema


class Page(Schema):
    limit: int = Field(settings.API_PAGE_DEFAULT, ge=1, le=settings.API_PAGE_MAX)
    offset: int = Field(0, ge=0)


def paginate(queryset, page: Page) -> tuple[list, int]:
    count = queryset.count()
    return list(queryset[page.offset : page.offset + page.limit]), count
