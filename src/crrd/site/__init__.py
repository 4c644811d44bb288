"""``crrd site OUTDIR``: the dataset as a self-contained static website (extra ``site``).

Every page is rendered from the installed package by Jinja2 templates (``templates/``) with autoescaping
on; search is Pagefind's static index, built over the written pages. The site makes no request outside
its own folder.
"""

from __future__ import annotations

from crrd.site.build import Built, NotASite, build_site

__all__ = ["Built", "NotASite", "build_site"]
