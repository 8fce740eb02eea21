"""Chinese search for the Chinese edition: Sphinx's Chinese indexer (words segmented with jieba) taught the
book's own terms, and a query splitter for the browser that cuts a run of Chinese characters into the longest
words the index holds.

- Indexing: jieba knows 深圳 and 能耗 but cuts the plan's 外来电 into 外来 / 电 (and drops the single character),
  so the termbase's words (the glossary's Chinese terms) are added to jieba's
  dictionary first; each is then indexed whole and by its parts.
- Searching: Sphinx splits a query only at spaces and punctuation, so 深圳外来电 would be one word the index
  does not hold. The splitter matches the longest indexed word from the left (forward maximum matching), so
  a query finds what its words find.
"""

from __future__ import annotations

import logging
import re

from sphinx.search.zh import SearchChinese

HAN_WORD = re.compile(r"^[\u4e00-\u9fff]{2,8}$")  # a term, not a phrase

SPLITTER = r"""
function splitQuery(query) {
  // Latin words and numbers as Sphinx splits them; a run of Chinese characters cut into the longest words
  // the index holds, from the left; a single character the index does not hold is left out
  const index = (typeof Search !== "undefined" && Search._index) || { terms: {}, titleterms: {} };
  const known = (w) => w in index.terms || w in index.titleterms;
  const out = [];
  for (const part of query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)) {
    for (const run of part.split(/([\u4e00-\u9fff]+)/u)) {
      if (!run) continue;
      if (!/[\u4e00-\u9fff]/u.test(run)) { out.push(run); continue; }
      let i = 0;
      while (i < run.length) {
        let j = run.length;
        while (j > i + 1 && !known(run.slice(i, j))) j--;
        if (j > i + 1 || known(run.slice(i, j))) out.push(run.slice(i, j));
        i = j;
      }
    }
  }
  return out;
}
"""


def termbase() -> list[str]:
    """The book's Chinese terms: the glossary's (book/zh/glossary.md, the termbase)."""
    from carbonpeak import locations

    words = set()
    glossary = (locations.BOOK / "zh" / "glossary.md").read_text(encoding="utf-8")
    lines = glossary.splitlines()
    for line, following in zip(lines, lines[1:], strict=False):
        if following.startswith(": "):  # a term of the definition list
            words.update(re.split(r" / |、|（|）|，", line.split(" · ")[0]))
    return sorted(w for w in words if HAN_WORD.match(w))


class SearchChineseTerms(SearchChinese):
    """Sphinx's Chinese search with the book's terms in jieba's dictionary and the browser splitter above."""

    js_splitter_code = SPLITTER

    def init(self, options: dict[str, str]) -> None:
        super().init(options)
        import jieba

        jieba.setLogLevel(logging.WARNING)
        for word in termbase():
            jieba.add_word(word)
