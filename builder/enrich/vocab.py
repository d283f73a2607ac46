"""Curated vocabulary from `site_data/`: stop words, the tag vocabulary, topics.

Every value is validated; every error names the file (and the entry).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from builder.errors import QikanError
from builder.model import Topic
from builder.settings import SITE_DATA


@dataclass(frozen=True)
class Vocabulary:
    """Corrections to automatic tagging (`tags.yml`) and the stop-word list."""

    synonyms: dict[str, str] = field(default_factory=dict)
    """Spelling → canonical tag."""
    blocked: frozenset[str] = frozenset()
    """Words that are never tags."""
    always: tuple[str, ...] = ()
    """Terms tagged whenever an article has them in its title or mentions them twice."""
    stopwords: frozenset[str] = frozenset()
    """Words that are never tags, topic evidence or similarity evidence."""
    suffixes: tuple[str, ...] = ()
    """Administrative suffixes: a word and the word plus one (湖南/湖南省) are one tag."""

    def canonical(self, word: str) -> str:
        """The canonical form of a word (itself unless it is a listed synonym)."""
        return self.synonyms.get(word, word)

    def terms(self) -> set[str]:
        """Every term the segmenter must keep whole."""
        return set(self.synonyms) | set(self.synonyms.values()) | set(self.always)


def _yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise QikanError(path, f"cannot read: {err.strerror or err}") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise QikanError(path, f"invalid YAML: {getattr(err, 'problem', err)}",
                         mark.line + 1 if mark else None) from None


def _strings(path: Path, where: str, value) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise QikanError(path, f"{where} must be a list of words")
    return tuple(str(v).strip() for v in value if str(v).strip())


def load_stopwords(path: Path) -> frozenset[str]:
    """One word per line; `#` starts a comment."""
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if (w := line.split("#", 1)[0].strip()))


def load_vocabulary(site_data: Path = SITE_DATA) -> Vocabulary:
    """`tags.yml` and `stopwords.txt` (both optional)."""
    stop = load_stopwords(site_data / "stopwords.txt")
    path = site_data / "tags.yml"
    if not path.is_file():
        return Vocabulary(stopwords=stop)
    data = _yaml(path) or {}
    keys = ("synonyms", "blocked", "always", "suffixes")
    if not isinstance(data, dict) or set(data) - set(keys):
        raise QikanError(path, f"expected the keys {', '.join(keys)}")
    synonyms: dict[str, str] = {}
    for canonical, spellings in (data.get("synonyms") or {}).items():
        for spelling in _strings(path, f"synonyms of {canonical}", spellings):
            synonyms[spelling] = str(canonical)
    return Vocabulary(synonyms, frozenset(_strings(path, "blocked", data.get("blocked"))),
                      _strings(path, "always", data.get("always")), stop,
                      _strings(path, "suffixes", data.get("suffixes")))


def load_topics(site_data: Path = SITE_DATA) -> tuple[Topic, ...]:
    """`topics.yml` (optional): a list of topics."""
    path = site_data / "topics.yml"
    if not path.is_file():
        return ()
    data = _yaml(path) or []
    if not isinstance(data, list):
        raise QikanError(path, "expected a list of topics")
    topics = tuple(_topic(path, i, item) for i, item in enumerate(data))
    slugs = [t.slug for t in topics]
    if len(set(slugs)) != len(slugs):
        raise QikanError(path, "two topics have the same slug")
    return topics


def _topic(path: Path, index: int, item) -> Topic:
    required = {"name", "slug", "description", "keywords"}
    if not isinstance(item, dict) or not required <= item.keys():
        raise QikanError(path, f"topic #{index + 1} needs name, slug, description and keywords")
    unknown = set(item) - required - {"exclude", "min_hits", "aliases"}
    if unknown:
        raise QikanError(path, f"topic {item['name']}: unknown key(s) {', '.join(sorted(unknown))}")
    keywords = _strings(path, f"keywords of {item['name']}", item["keywords"])
    keywords += _strings(path, f"aliases of {item['name']}", item.get("aliases"))
    if not keywords:
        raise QikanError(path, f"topic {item['name']} has no keywords")
    return Topic(str(item["name"]), str(item["slug"]), str(item["description"]).strip(),
                 keywords, _strings(path, f"exclude of {item['name']}", item.get("exclude")),
                 int(item.get("min_hits", 3)))
