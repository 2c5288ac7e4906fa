"""The in-memory facet index (pure logic, no database)."""

import random

import pytest

from recensia.search.index import FacetIndex, Row, all_slots, bitmap_from_slots, slots_desc


def _rows(n: int, seed: int) -> list[Row]:
    rng = random.Random(seed)
    rows = []
    for pid in range(1, n + 1):
        # Zipf-like vendors: a few frequent, many rare.
        vendor = str(int(rng.paretovariate(1.2)) % 150)
        rows.append(Row(pid, rng.random() > 0.1, rng.randint(100, 200_000), {
            "fournisseur": (vendor,), "avancement": (rng.choice("abcde"),),
            "owner": (str(rng.randint(1, 400)),)}))
    return rows


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_top_counts_equal_the_k_largest_exact_counts(seed):
    index = FacetIndex()
    index.build(_rows(3000, seed), generation=1)
    rng = random.Random(seed)
    within = bitmap_from_slots(rng.sample(range(3000), 900), 3000) & index.published
    full = index.counts("fournisseur", within)
    top, more = index.top_counts("fournisseur", within, 12)
    assert sorted(top.values(), reverse=True) == sorted(full.values(), reverse=True)[:12]
    assert all(full[v] == n for v, n in top.items())
    assert more == (len(full) > 12)


def test_apply_moves_a_project_between_values_and_unpublishes():
    index = FacetIndex()
    index.build([Row(1, True, 500, {"avancement": ("a",), "owner": ("7",)}),
                 Row(2, True, 500, {"avancement": ("a",), "owner": ("7",)})], generation=1)
    index.apply([Row(1, True, 500, {"avancement": ("b",), "owner": ("8",)})], [2],
                generation=2)
    assert index.counts("avancement", index.published) == {"b": 1}
    assert all_slots(index.filter_bitmap("owner", ["7"]) & index.published) == []
    assert index.ids(all_slots(index.filter_bitmap("owner", ["8"]))) == [1]


def test_slots_are_returned_most_recent_first():
    bitmap = bitmap_from_slots([0, 5, 2, 64], 70)
    assert list(slots_desc(bitmap)) == [64, 5, 2, 0]
    assert all_slots(bitmap) == [0, 2, 5, 64]
