"""tannkhai.pagination.paginate, on the 54 ethnic groups loaded by the migrations."""

import pytest

from households.models import Ethnicity
from tannkhai.pagination import paginate

pytestmark = pytest.mark.django_db


def ethnicities():
    return Ethnicity.objects.order_by("code")


def test_first_page():
    page = paginate(ethnicities(), page=None, page_size=10, cap=1000)
    assert page.number == 1
    assert page.count == 54
    assert page.capped is False
    assert page.num_pages == 6
    assert [e.code for e in page.object_list] == [f"{n:02d}" for n in range(1, 11)]
    assert page.start_index == 1
    assert page.end_index == 10
    assert page.has_previous is False
    assert page.has_next is True
    assert page.next_page_number == 2


def test_last_page_is_partial():
    page = paginate(ethnicities(), page="6", page_size=10, cap=1000)
    assert page.number == 6
    assert [e.code for e in page.object_list] == ["51", "52", "53", "54"]
    assert (page.start_index, page.end_index) == (51, 54)
    assert page.has_next is False
    assert page.previous_page_number == 5


def test_count_is_capped_beyond_cap():
    page = paginate(ethnicities(), page=1, page_size=10, cap=20)
    assert page.count == 20
    assert page.capped is True
    assert page.num_pages == 2


def test_count_exactly_at_cap_is_not_capped():
    page = paginate(ethnicities(), page=1, page_size=10, cap=54)
    assert page.count == 54
    assert page.capped is False


def test_one_row_more_than_cap_is_capped():
    # The count query asks for cap + 1 rows: 54 rows with cap 53 is "more than 53".
    page = paginate(ethnicities(), page=1, page_size=10, cap=53)
    assert page.count == 53
    assert page.capped is True


def test_pages_past_the_cap_are_not_offered():
    page = paginate(ethnicities(), page=5, page_size=10, cap=20)
    assert page.number == 2
    assert page.object_list[0].code == "11"


def test_page_out_of_range_clamps_to_the_last_page():
    page = paginate(ethnicities(), page=99, page_size=10, cap=1000)
    assert page.number == 6
    assert len(page.object_list) == 4


@pytest.mark.parametrize("value", ["abc", "", "2.5", "-3", "0", None])
def test_non_numeric_zero_or_negative_page_is_the_first(value):
    page = paginate(ethnicities(), page=value, page_size=10, cap=1000)
    assert page.number == 1
    assert page.object_list[0].code == "01"


def test_empty_queryset():
    page = paginate(Ethnicity.objects.none(), page=3, page_size=10, cap=1000)
    assert page.number == 1
    assert page.count == 0
    assert page.num_pages == 1
    assert page.object_list == []
    assert page.start_index == 0
    assert page.has_next is False
    assert page.has_previous is False


def test_count_costs_one_query_whatever_the_cap(django_assert_num_queries):
    with django_assert_num_queries(2):  # the capped count, then the rows
        paginate(ethnicities(), page=2, page_size=10, cap=10000)


def test_page_range_has_gaps():
    page = paginate(ethnicities(), page=3, page_size=5, cap=1000)  # 11 pages
    assert page.page_range() == [1, 2, 3, 4, 5, None, 11]
    page = paginate(ethnicities(), page=8, page_size=5, cap=1000)
    assert page.page_range() == [1, None, 6, 7, 8, 9, 10, 11]
