"""What a build needs to know besides the content: folders, the site's name and URLs,
and the number of processes. Renderer adapters and the command line
make one; the pipeline reads nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml_env_tag import construct_env_tag

from builder.errors import QikanError
from builder.workers import wanted

PROJECT = Path(__file__).resolve().parent.parent
"""The project folder this builder belongs to."""
SITE_DATA = PROJECT / "site_data"
"""The curated data of the project (columns, vocabulary, topics, dictionary)."""


@dataclass(frozen=True)
class Masthead:
    """What the pages say about the archive itself."""

    title: str
    """The archive's name, shown on the home page and as the feed's title."""
    description: str = ""
    """One or two sentences under the name."""


@dataclass(frozen=True)
class Settings:
    """Everything a build depends on besides the files it reads."""

    content: Path
    """The folder of raw issues and their sidecars."""
    site_data: Path = SITE_DATA
    """The folder of curated data."""
    cache: Path | None = None
    """Where parsed issues, segmentation and the last output are kept; None: no cache."""
    masthead: Masthead = field(default_factory=lambda: Masthead("期刊归档"))
    """The archive's name and description."""
    site_url: str | None = None
    """Absolute URL of the published site (feed links), or None for relative links."""
    directory_urls: bool = True
    """`issues/x/` (a folder per page) rather than `issues/x.html`."""
    workers: int | str = "auto"
    """Processes for parsing (`auto`: one per core, at most 4)."""

    def __post_init__(self) -> None:
        wanted(self.workers)  # ValueError unless `auto` or a number of processes

    def fingerprint(self) -> tuple[str, ...]:
        """The settings the generated pages depend on, as strings."""
        return (self.masthead.title, self.masthead.description, str(self.site_url),
                str(self.directory_urls))


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs does for the values the builder needs: `!ENV` tags are
    read from the environment; other tags (`!!python/...`) are of no interest here."""


_ConfigLoader.add_constructor("!ENV", construct_env_tag)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(config_file: Path) -> dict:
    """mkdocs.yml as a mapping, `!ENV` tags read from the environment."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except (OSError, yaml.YAMLError) as err:
        raise QikanError(config_file, f"cannot read: {err}") from None
    if not isinstance(data, dict):
        raise QikanError(config_file, "expected a mapping of settings")
    return data


def plugin_options(data: dict, *names: str) -> dict | None:
    """The options of the first plugin listed under one of `names` in mkdocs.yml's
    `plugins:` (a list or a mapping); None when none is listed."""
    plugins = data.get("plugins") or ()
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(p.items())) if isinstance(p, dict) else (p, {}) for p in plugins)
    return next((options or {} for key, options in entries if key in names), None)


def offline_build(data: dict) -> bool:
    """Material's offline plugin is listed and enabled (`make site OFFLINE=1`): the site
    must work from file://, with file URLs (`index.html`) instead of folder URLs."""
    options = plugin_options(data, "offline", "material/offline")
    return options is not None and bool(options.get("enabled", True))


def _site_url(value: object) -> str | None:
    """As MkDocs reads `site_url`: ending in a slash."""
    return None if not value else str(value) if str(value).endswith("/") else f"{value}/"


def settings_from_config(config_file: Path, **overrides) -> Settings:
    """Settings from mkdocs.yml as the MkDocs plugin gets them (site name, description,
    URL, directory URLs, offline builds and the `qikan` plugin's options), paths relative
    to its folder; `overrides` win."""
    data = read_config(config_file)
    base = config_file.resolve().parent
    options = plugin_options(data, "qikan") or {}
    offline = offline_build(data)
    values = {
        "content": base / options.get("content", "content/issues"),
        "site_data": base / options.get("site_data", "site_data"),
        "cache": base / options.get("cache", ".cache/qikan"),
        "masthead": Masthead(str(data.get("site_name") or "期刊归档"),
                             str(data.get("site_description") or "")),
        "site_url": _site_url(data.get("site_url")),
        "directory_urls": bool(data.get("use_directory_urls", True)) and not offline,
        "workers": options.get("workers") or "auto",
    }
    try:
        return Settings(**(values | {k: v for k, v in overrides.items() if v is not None}))
    except ValueError as error:
        raise QikanError(config_file, f"plugin qikan: {error}") from None
