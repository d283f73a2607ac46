"""Slugs: lowercase ASCII pinyin of a title, short, unique within an issue, stable.

pypinyin reads polyphones by context (重庆 → chong-qing, 还有 → hai-you);
python-slugify then folds what is left to ASCII and cuts at a word boundary.
"""

from __future__ import annotations

from slugify import slugify

MAX_LENGTH = 60


def pinyin_slug(text: str, max_length: int = MAX_LENGTH) -> str:
    """`重庆：15 家企业` → `chong-qing-15-jia-qi-ye`."""
    from pypinyin import Style, lazy_pinyin  # 0.4 s to import: only when needed

    syllables = lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: [chars])
    slug = slugify(" ".join(syllables), max_length=max_length, word_boundary=True,
                   save_order=True)
    return slug or "article"


def unique_slugs(titles: list[str], pinned: dict[int, str] | None = None) -> list[str]:
    """One slug per title, made unique in order by `-2`, `-3` … suffixes."""
    pinned = pinned or {}
    taken: set[str] = set(pinned.values())
    slugs: list[str] = []
    for index, title in enumerate(titles):
        if index in pinned:
            slugs.append(pinned[index])
            continue
        base = pinyin_slug(title)
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base[:MAX_LENGTH - len(str(n)) - 1].rstrip('-')}-{n}", n + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs
