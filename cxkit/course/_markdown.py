"""Inline Markdown for the texts the course shows in widgets: quiz feedback, check hints."""

from __future__ import annotations

import html
import re

__all__ = ["markdown_inline"]

_INLINE = re.compile(
    r"(?P<code>`+)(?P<code_text>.+?)(?P=code)"  # `code` (the text inside is not Markdown)
    r"|\*\*(?P<bold>[^*\s](?:.*?[^*\s])?)\*\*"  # **bold**
    r"|(?<![\w*])\*(?P<em>[^*\s](?:[^*]*?[^*\s])?)\*(?![\w*])"  # *emphasis*
    r"|(?<!\w)_(?P<em2>[^_\s](?:[^_]*?[^_\s])?)_(?!\w)"  # _emphasis_
    r"|\[(?P<link>[^\]]+)\]\((?P<url>https?://[^)\s]+)\)"  # [text](https://...)
)


def markdown_inline(text: str) -> str:
    """Return the inline Markdown of a feedback, hint or explanation as safe HTML.

    Code spans, ``**bold**``, ``*emphasis*`` / ``_emphasis_`` and ``[links](https://...)``; every
    other character is escaped (the course's texts are one paragraph each). Written by hand: the
    Markdown parsers of Jupyter (mistune, markdown-it) are not installed in the JupyterLite kernel,
    where feedback must look the same.

    Examples
    --------
    >>> markdown_inline("Each stage has an `emotion` from **-2** to *+2* <b>")
    'Each stage has an <code>emotion</code> from <strong>-2</strong> to <em>+2</em> &lt;b&gt;'
    >>> markdown_inline("`a*b` and snake_case_name stay as they are")
    '<code>a*b</code> and snake_case_name stay as they are'
    >>> markdown_inline("See [the NN/g article](https://www.nngroup.com/articles/x/).")
    'See <a href="https://www.nngroup.com/articles/x/" target="_blank" rel="noopener">the NN/g article</a>.'
    """
    out: list[str] = []
    last = 0
    for m in _INLINE.finditer(text):
        out.append(html.escape(text[last : m.start()], quote=False))
        if m.group("code"):
            out.append(f"<code>{html.escape(m.group('code_text').strip(), quote=False)}</code>")
        elif m.group("bold"):
            out.append(f"<strong>{markdown_inline(m.group('bold'))}</strong>")
        elif m.group("em") or m.group("em2"):
            out.append(f"<em>{markdown_inline(m.group('em') or m.group('em2'))}</em>")
        else:
            url, label = html.escape(m.group("url")), markdown_inline(m.group("link"))
            out.append(f'<a href="{url}" target="_blank" rel="noopener">{label}</a>')
        last = m.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)
