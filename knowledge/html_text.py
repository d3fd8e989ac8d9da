"""HTML → the article's main text and metadata, with trafilatura.

Finding the article inside a page (and leaving menus, teasers and comments out) is a
solved problem with a maintained library; negobot's own cleaning then runs over the text
trafilatura keeps, as over any other input.
"""

from __future__ import annotations

from dataclasses import dataclass

from .store import KnowledgeError


@dataclass(frozen=True)
class HtmlPage:
    """The main text of an HTML page (one paragraph a line) and what its markup says."""

    text: str
    title: str | None
    url: str | None
    date: str | None  # YYYY-MM-DD from the page's metadata
    description: str | None


def extract_html(html: str, *, url: str | None = None) -> HtmlPage:
    """The page's main text and metadata; a page without any is a clear error."""
    # Imported here: it takes a fifth of a second and memory that a bot answering
    # questions never needs.
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, include_links=False, favor_precision=True,
        )
    except (ValueError, TypeError) as error:  # lxml's complaints about broken markup
        raise KnowledgeError(f"The HTML page could not be read: {error}") from None
    if document is None or isinstance(document, dict) or not (document.text or "").strip():
        raise KnowledgeError("No article text found in the HTML page.")
    return HtmlPage(document.text or "", document.title or None, document.url or None,
                    document.date or None, document.description or None)
