/* qikan search: every article that contains what the reader typed, and no other.
 *
 * The index (builder/search/index.py, which documents it) is a set of scripts under
 * search/qikan/: docs.js (every article: URL, title, issue, column), s/<char>.js (where
 * each pair of characters occurs) and t/<n>.js (an article's text, for its excerpt).
 * Scripts rather than fetch(): the same files work over HTTP and from file://.
 *
 * Three front ends share the engine: the search box in the header (Material's look,
 * results as you type, filters, "more"), the search page (search/?q=…&column=…&year=…
 * &sort=…, bookmarkable) and the article page (the query's words highlighted after a
 * click). window.qikanSearch.search(query, options) is the engine's whole answer (every
 * hit, ranked), for tests and benchmarks. */
(function () {
  "use strict";
  const ROOT = new URL("../../", document.currentScript.src);
  const INDEX = new URL("search/qikan/", ROOT);
  const FILE = ROOT.protocol === "file:";
  const FORMAT = 1;
  const PAGE = 10;

  /* ---- the stream: the same rules as builder/search/index.py ---- */
  /* Spaces (line breaks are gaps, as punctuation: blocks of an article are its lines). */
  const SPACE = /[\t\x1f\x20\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]/u;
  const ALNUM = /[\p{L}\p{N}]/u;
  const UNIT = /[\p{L}\p{N}%]/u;
  const latin = (c) => c.codePointAt(0) < 0x2e80 && ALNUM.test(c);
  /* a letter as Python's [^\W\d_] (index.py): letters and numerals other than digits */
  const letter = (c) => c.codePointAt(0) < 0x2e80 && /[\p{L}\p{Nl}\p{No}]/u.test(c);
  const HYPHEN = /[-\u2010]/u;  /* vanishes between two Latin letters (Wi-Fi = WiFi) */
  /* Quotation and title marks vanish (QUOTES in index.py). */
  const QUOTES = "\"'\u2018-\u201f\u2039\u203a\u00ab\u00bb\u3008-\u300f\u301d-\u301f";
  const QUOTE = new RegExp(`[${QUOTES}]`, "u");

  /* The stream of `text` as an array of characters, and for each the range of `text` it
     stands for (gaps stand for nothing). */
  function mapped(text) {
    const chars = [], from = [], to = [];
    let gap = false, space = false, lastLatin = false, lastLetter = false, joiner = false, at = 0;
    /* A character with its combining marks is normalised as one (e + ́ = é). */
    for (const [original] of String(text || "").matchAll(/\P{M}\p{M}*|\p{M}+/gu)) {
      const start = at;
      at += original.length;
      for (const c of original.normalize("NFKC").toLowerCase()) {
        if (QUOTE.test(c)) continue;
        if (UNIT.test(c)) {
          const joined = joiner && letter(c);
          if (chars.length && !joined && (gap || (space && lastLatin && latin(c)))) {
            chars.push(" "); from.push(start); to.push(start);
          }
          gap = space = joiner = false;
          lastLatin = latin(c);
          lastLetter = letter(c);
          chars.push(c); from.push(start); to.push(at);
        } else if (SPACE.test(c)) {
          space = true;
          joiner = false;
        } else {
          joiner = HYPHEN.test(c) && lastLetter && !gap && !space;
          gap = true;
        }
      }
    }
    chars.push(" "); from.push(at); to.push(at);
    return { chars, from, to };
  }
  /* The stream alone, as builder/search/index.py makes it (the whole text normalised at
     once); mapped() is its character-by-character twin, for highlighting. */
  const WS = "\\t\\x1f\\x20\\xa0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000";
  const LATIN = "(?![\\u{2e80}-\\u{10ffff}])[\\p{L}\\p{N}]";
  const SYMBOL = new RegExp(`[^\\p{L}\\p{N}%${WS}]`, "gu");
  const QUOTE_ALL = new RegExp(QUOTE.source, "gu");
  const LETTER = "(?![\\u{2e80}-\\u{10ffff}])[\\p{L}\\p{Nl}\\p{No}]";
  const JOINED = new RegExp(`(?<=${LETTER})[-\\u2010](?=${LETTER})`, "gu");
  const BETWEEN_LATIN = new RegExp(`(?<=${LATIN})[${WS}]+(?=${LATIN})`, "gu");
  const SPACES = new RegExp(`[${WS}]+`, "gu");
  function stream(text) {
    const t = String(text || "").normalize("NFKC").toLowerCase().replace(QUOTE_ALL, "").replace(JOINED, "")
      .replace(SYMBOL, "\0")
      .replace(BETWEEN_LATIN, "\0").replace(SPACES, "").replace(/\0+/g, " ");
    return t.replace(/^ +| +$/g, "") + " ";
  }

  /* The phrases a query asks for: terms are separated by spaces and list marks (, ， 、 ;
     ；, but not a comma between digits: 1,000) outside quotes (a quoted part keeps its
     spaces; "Mate 40"Pro, 《华为 Mate》 and “十四五”规划 are one term each, the marks
     vanish as in the text); punctuation inside a term stands for any punctuation there
     (5G+工业互联网 = "5g 工业互联网"), and so do the marks ending it when a + or # is
     among them (C++ and C++。 = "c " : c, then a gap); other punctuation ending a term is
     dropped (中芯国际。 = 中芯国际); a phrase inside another is dropped. */
  const GROUPS = "\"“”「」『』《》＂";  /* marks that group a phrase in a query */
  const TERM = new RegExp(`(?:[${GROUPS}][^${GROUPS}]*[${GROUPS}]?|\\p{Nd}[,，](?=\\p{Nd})`
                          + `|[^\\s,，、;；${GROUPS}])+`, "gu");
  function phrases(query) {
    const found = [];
    for (const [term] of String(query || "").matchAll(TERM)) {
      const tail = term.normalize("NFKC").replace(QUOTE_ALL, "").trim().match(/[^\p{L}\p{N}%]*$/u)[0];
      let p = stream(term);
      if (!/[+#]/u.test(tail)) p = p.trimEnd();
      if (p.trim() && !found.includes(p)) found.push(p);
    }
    return found.filter((p) => !found.some((q) => q !== p && q.includes(p)));
  }

  /* ---- loading the index ---- */
  const loaded = new Map(), pending = new Map(), waiting = new Map();
  let version = "";
  window.qikanLoaded = (kind, key, data) => {
    const id = `${kind}:${key}`;
    loaded.set(id, data);
    const resolve = waiting.get(id);
    if (resolve) { waiting.delete(id); resolve(data); }
  };
  function load(kind, key, path, bust) {
    const id = `${kind}:${key}`;
    if (loaded.has(id)) return Promise.resolve(loaded.get(id));
    if (pending.has(id)) return pending.get(id);
    const promise = new Promise((resolve, reject) => {
      waiting.set(id, resolve);
      const script = document.createElement("script");
      script.src = new URL(path, INDEX).href + (bust && !FILE ? `?v=${bust}` : "");
      script.async = true;
      const fail = () => {
        waiting.delete(id); pending.delete(id); script.remove();
        reject(new Error(`search index: cannot load ${path}`));
      };
      script.onerror = fail;
      script.onload = () => { script.remove(); if (waiting.has(id)) fail(); };
      document.head.appendChild(script);
    });
    pending.set(id, promise);
    return promise;
  }

  /* The article list is fetched once per browser session (a new build's list reaches a
     reader in the next session; shards and texts carry the list's version). */
  function session() {
    try {
      sessionStorage.qikanSearch = sessionStorage.qikanSearch || String(Date.now());
      return sessionStorage.qikanSearch;
    } catch (error) {
      return String(Date.now());
    }
  }

  let archive = null;
  function ready() {
    archive = archive || load("docs", FORMAT, "docs.js", session()).then((data) => {
      if (data.format !== FORMAT) throw new Error("search index: unknown format");
      version = data.version;
      const chars = new Set(Array.from(data.chars));
      const docs = data.docs.map(([url, title, issue, column, length], n) => {
        const [label, date] = data.issues[issue];
        return { n, url, title, issue: label, date, year: date.slice(0, 4),
                 column: data.columns[column], length };
      });
      const average = docs.reduce((sum, d) => sum + d.length, 0) / Math.max(docs.length, 1);
      return { docs, chars, split: data.split, average,
               columns: data.columns, years: [...new Set(docs.map((d) => d.year))] };
    });
    archive.catch(() => { archive = null; });
    return archive;
  }

  /* A query in traditional characters: each character the index does not hold, folded to
     the simplified one it holds (f.js, OpenCC's t2s; loaded only for such a query). */
  let folding = null;
  async function folded(query, index) {
    if (!Array.from(query).some((c) => c.codePointAt(0) >= 0x3400 && !index.chars.has(c))) return query;
    folding = folding || load("f", FORMAT, "f.js", version).then((pairs) => {
      const table = new Map();
      const chars = Array.from(pairs);
      for (let i = 0; i + 1 < chars.length; i += 2) table.set(chars[i], chars[i + 1]);
      return table;
    });
    folding.catch(() => { folding = null; });
    const table = await folding.catch(() => new Map());
    return Array.from(query).map((c) => (index.chars.has(c) ? c : table.get(c) || c)).join("");
  }

  /* The articles' titles as streams, made at the first search (the shards it asks for
     load meanwhile), not when the list arrives. */
  function titleStreams(index) {
    index.titleStreams = index.titleStreams || index.docs.map((d) => stream(d.title));
    return index.titleStreams;
  }

  const decoded = new Map();
  /* Where one bigram occurs: article → positions. */
  function decode(flat) {
    const found = new Map();
    let doc = 0, i = 0;
    while (i < flat.length) {
      doc += flat[i++];
      const count = flat[i++], places = new Array(count);
      let place = 0;
      for (let k = 0; k < count; k++) { place += flat[i++]; places[k] = place; }
      found.set(doc, places);
    }
    return found;
  }
  const hex = (c) => c.codePointAt(0).toString(16);
  /* The bigrams starting with `first` (and, for a split shard, `second`). */
  async function shard(index, first, second) {
    if (!index.chars.has(first)) return {};
    const parts = index.split[hex(first)];
    if (!parts) return load("s", hex(first), `s/${hex(first)}.js`, version);
    const names = second === undefined
      ? Array.from({ length: parts }, (_, k) => `${hex(first)}-${k}`)
      : [`${hex(first)}-${second.codePointAt(0) % parts}`];
    const loadedParts = await Promise.all(names.map((name) => load("s", name, `s/${name}.js`, version)));
    return loadedParts.length === 1 ? loadedParts[0] : Object.assign({}, ...loadedParts);
  }
  function postings(grams, gram) {
    const key = gram;
    if (!decoded.has(key)) decoded.set(key, grams[gram] ? decode(grams[gram]) : new Map());
    return decoded.get(key);
  }

  /* Where a phrase occurs in the articles' texts: article → start positions. A phrase
     with gaps is its pieces, each ending in its gap (no bigram starts at a gap). A single
     frequent character: how often it occurs per article (its shard is split; positions
     would be megabytes). */
  async function occurrences(index, phrase) {
    if (Array.from(phrase).length === 1 && index.split[hex(phrase)]) {
      const counts = await load("c", hex(phrase), `c/${hex(phrase)}.js`, version);
      const found = new Map();
      for (let i = 0, doc = 0; i < counts.length; i += 2) {
        doc += counts[i];
        const places = new Array(counts[i + 1]);
        places.countOnly = true;
        found.set(doc, places);
      }
      return found;
    }
    const pieces = phrase.split(/(?<= )/);
    if (pieces.length === 1) return piece(index, phrase);
    const found = await Promise.all(pieces.map((p) => piece(index, p)));
    const offsets = [];
    let offset = 0;
    for (const p of pieces) { offsets.push(offset); offset += Array.from(p).length; }
    const result = new Map();
    for (const [doc, starts] of found[0]) {
      if (!found.every((f) => f.has(doc))) continue;
      const sets = found.map((f) => new Set(f.get(doc)));
      const kept = starts.filter((p) => sets.every((set, i) => set.has(p + offsets[i])));
      if (kept.length) result.set(doc, kept);
    }
    return result;
  }

  async function piece(index, phrase) {
    const chars = Array.from(phrase);
    if (chars.length === 1) {
      const grams = await shard(index, chars[0]);
      const found = new Map();
      for (const gram of Object.keys(grams)) {
        for (const [doc, places] of postings(grams, gram)) {
          found.set(doc, (found.get(doc) || []).concat(places));
        }
      }
      for (const places of found.values()) places.sort((a, b) => a - b);
      return found;
    }
    const lists = await Promise.all(chars.slice(0, -1).map(async (c, i) => {
      const gram = c + chars[i + 1];
      return postings(await shard(index, c, chars[i + 1]), gram);
    }));
    const driver = lists.reduce((a, b) => (b.size < a.size ? b : a));
    const found = new Map();
    for (const doc of driver.keys()) {
      if (!lists.every((l) => l.has(doc))) continue;
      const sets = lists.map((l) => new Set(l.get(doc)));
      const starts = lists[0].get(doc).filter((p) => sets.every((s, i) => s.has(p + i)));
      if (starts.length) found.set(doc, starts);
    }
    return found;
  }

  /* The smallest stretch of text holding one occurrence of every phrase. */
  function span(lists) {
    if (lists.length < 2 || lists.some((l) => !l.length || l.countOnly)) return 0;
    const at = lists.map(() => 0);
    let best = Infinity;
    for (;;) {
      let low = 0, high = -Infinity;
      lists.forEach((l, i) => {
        if (l[at[i]] < lists[low][at[low]]) low = i;
        high = Math.max(high, l[at[i]]);
      });
      best = Math.min(best, high - lists[low][at[low]]);
      if (++at[low] >= lists[low].length) return best;
    }
  }

  /* Every article whose title or text holds every phrase of `query`, ranked: title hits
     first, then how often (saturating, rarer phrases weigh more) and how close the
     phrases stand; ties newest first. Options: column, year, sort ("relevance", "newest",
     "oldest"). A query in traditional characters is searched folded (`searched`). */
  async function search(query, options = {}) {
    const index = await ready();
    const searched = await folded(String(query || ""), index);
    const asked = phrases(searched);
    if (!asked.length) return { query, searched, phrases: asked, total: 0, hits: [], columns: {}, years: {} };
    const texts = Promise.all(asked.map((p) => occurrences(index, p)));
    const titles = titleStreams(index);  /* while the shards load */
    const inTitle = asked.map((p) => new Set(index.docs.filter((d) => titles[d.n].includes(p)).map((d) => d.n)));
    const found = await texts;
    const weight = found.map((f, i) => Math.log(1 + index.docs.length / (1 + f.size + inTitle[i].size)));
    const smallest = asked.map((_, i) => i).reduce((a, i) => (found[i].size + inTitle[i].size < found[a].size + inTitle[a].size ? i : a), 0);
    const candidates = new Set([...found[smallest].keys(), ...inTitle[smallest]]);
    let hits = [];
    for (const n of candidates) {
      if (!asked.every((_, i) => found[i].has(n) || inTitle[i].has(n))) continue;
      const doc = index.docs[n];
      const titles = asked.filter((_, i) => inTitle[i].has(n)).length;
      const norm = 1.2 * (0.25 + 0.75 * doc.length / index.average);
      let score = 0;
      found.forEach((f, i) => {
        const tf = (f.get(n) || []).length;
        score += weight[i] * tf / (tf + norm);
      });
      const near = span(found.map((f) => f.get(n) || []));
      if (asked.length > 1 && near) score += 0.5 / (1 + near / 20);
      hits.push({ doc, titles, score: Math.round(score * 1000) });
    }
    const columns = {}, years = {};
    for (const h of hits) {
      if (!options.year || h.doc.year === options.year) columns[h.doc.column] = (columns[h.doc.column] || 0) + 1;
      if (!options.column || h.doc.column === options.column) years[h.doc.year] = (years[h.doc.year] || 0) + 1;
    }
    hits = hits.filter((h) => (!options.column || h.doc.column === options.column)
                              && (!options.year || h.doc.year === options.year));
    const order = {
      // articles are numbered oldest issue first (each issue's last article first): the
      // highest number is the newest issue's first article
      newest: (a, b) => b.doc.n - a.doc.n,
      oldest: (a, b) => a.doc.n - b.doc.n,
      relevance: (a, b) => b.titles - a.titles || b.score - a.score || b.doc.n - a.doc.n,
    };
    hits.sort(order[options.sort] || order.relevance);
    return {
      query, searched, phrases: asked, total: hits.length, columns, years,
      hits: hits.map((h) => ({ url: h.doc.url, title: h.doc.title, issue: h.doc.issue,
                               column: h.doc.column, date: h.doc.date, n: h.doc.n,
                               starts: found.map((f) => f.get(h.doc.n) || []) })),
    };
  }

  /* A shorter query that does find something: one of several words, else the longest
     piece of a phrase (at most 40 tries, the page kept responsive; `stale()` stops it). */
  async function suggestion(asked, stale) {
    const index = await ready();
    const tries = asked.length > 1 ? asked.map((p) => p.trim()) : [];
    for (const p of asked) {
      const chars = Array.from(p.trim()).slice(0, 24);
      for (let size = chars.length - 1; size >= 2; size--) {
        for (let s = 0; s + size <= chars.length; s++) tries.push(chars.slice(s, s + size).join("").trim());
      }
    }
    for (const t of tries.slice(0, 40)) {
      await new Promise((resolve) => setTimeout(resolve));
      if (stale()) return "";
      if (Array.from(t).length < 2) continue;
      if ((await occurrences(index, t)).size || titleStreams(index).some((title) => title.includes(t))) {
        return t;
      }
    }
    return "";
  }

  /* ---- excerpts and highlighting ---- */
  const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

  /* Ranges of `text` where the phrases stand (merged where they touch). */
  function ranges(text, asked) {
    const { chars, from, to } = mapped(text);
    const joined = chars.join(""), found = [];
    const offsets = [];  // code point index → UTF-16 index of the joined stream
    let o = 0;
    for (const c of chars) { offsets.push(o); o += c.length; }
    const index = new Map(offsets.map((v, i) => [v, i]));
    for (const p of asked) {
      const size = Array.from(p).length;
      for (let at = joined.indexOf(p); at !== -1; at = joined.indexOf(p, at + 1)) {
        const first = index.get(at);
        if (first === undefined) continue;
        let start = Infinity, end = -1;
        for (let k = first; k < first + size; k++) {
          if (to[k] > from[k]) { start = Math.min(start, from[k]); end = Math.max(end, to[k]); }
        }
        if (end > start) found.push([start, end]);
      }
    }
    found.sort((a, b) => a[0] - b[0]);
    const merged = [];
    for (const r of found) {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push(r.slice());
    }
    return merged;
  }
  function marked(text, asked, from = 0, to = text.length) {
    let html = "", at = from;
    for (const [s, e] of ranges(text, asked)) {
      if (e <= from || s >= to) continue;
      html += escapeHtml(text.slice(at, Math.max(s, at))) + `<mark>${escapeHtml(text.slice(Math.max(s, at), Math.min(e, to)))}</mark>`;
      at = Math.min(e, to);
    }
    return html + escapeHtml(text.slice(at, to));
  }
  async function excerpt(hit, asked, size = 110) {
    const text = await load("t", hit.n, `t/${hit.n}.js`, version);
    const found = ranges(text, asked), first = found[0];
    let start = first ? Math.max(0, first[0] - 30) : 0;
    const line = text.lastIndexOf("\n", first ? first[0] : 0);
    if (first && first[0] - line <= 30) start = line + 1;
    let end = Math.min(text.length, start + size);
    const cut = found.find(([s, e]) => s < end && e > end);  /* never half a match */
    if (cut) end = cut[1];
    if (/[\udc00-\udfff]/.test(text[start] || "")) start -= 1;  /* never half a character */
    if (/[\ud800-\udbff]/.test(text[end - 1] || "")) end += 1;
    return (start > 0 ? "…" : "") + marked(text, asked, start, end).replace(/\n/g, " ") + (end < text.length ? "…" : "");
  }

  /* The query's phrases marked in an article page opened from a result (`?h=`). */
  function highlightPage() {
    const query = new URLSearchParams(location.search).get("h");
    const body = document.querySelector(".md-content article, article.md-content__inner");
    if (!query || !body) return;
    const asked = phrases(query);
    if (!asked.length) return;
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) if (walker.currentNode.nodeValue.trim()) nodes.push(walker.currentNode);
    let first = null;
    for (const node of nodes) {
      const parts = ranges(node.nodeValue, asked);
      if (!parts.length || node.parentElement.closest("mark, script, style")) continue;
      const text = node.nodeValue, fragment = document.createDocumentFragment();
      let at = 0;
      for (const [s, e] of parts) {
        fragment.append(text.slice(at, s));
        const mark = document.createElement("mark");
        mark.dataset.mdHighlight = "";
        mark.textContent = text.slice(s, e);
        fragment.append(mark);
        first = first || mark;
        at = e;
      }
      fragment.append(text.slice(at));
      node.replaceWith(fragment);
    }
    if (first && first.getBoundingClientRect().top > innerHeight) first.scrollIntoView({ block: "center" });
  }

  /* ---- the result list (header box and search page alike) ---- */
  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  };
  const link = (url, query) => {
    const target = new URL(url, ROOT);
    target.searchParams.set("h", query);
    return target.href;
  };
  function searchPage(state) {
    const target = new URL(FILE ? "search/index.html" : "search/", ROOT);
    for (const [k, v] of Object.entries(state)) if (v && !(k === "sort" && v === "relevance")) target.searchParams.set(k, v);
    return target.href;
  }

  class Results {
    constructor({ input, meta, list, filters, more, page }) {
      Object.assign(this, { input, meta, list, filters, more, page });
      this.state = { q: "", column: "", year: "", sort: "relevance" };
      this.shown = 0;
      this.run = 0;
      this.answer = null;
      this.more.addEventListener("click", () => this.next());
      for (const select of this.filters.querySelectorAll("select")) {
        select.addEventListener("change", () => { this.state[select.name] = select.value; this.update(); });
      }
    }
    set(state) {
      Object.assign(this.state, state);
      for (const select of this.filters.querySelectorAll("select")) select.value = this.state[select.name] || "";
      if (this.input.value !== this.state.q) this.input.value = this.state.q;
    }
    async update() {
      const run = ++this.run;
      const q = this.state.q.trim();
      this.list.replaceChildren();
      this.more.hidden = true;
      if (!q) {
        this.meta.textContent = "输入关键词：标题或正文包含它的文章都会列出（空格分隔多个词）";
        this.filters.hidden = true;
        this.page && this.page(this.state);
        return;
      }
      let answer;
      try {
        answer = await search(q, this.state);
      } catch (error) {
        if (run === this.run) this.meta.textContent = "搜索索引无法加载";
        console.warn(error);
        return;
      }
      if (run !== this.run) return;
      this.answer = answer;
      this.shown = 0;
      this.fillFilters(answer);
      this.page && this.page(this.state);
      if (!answer.total) {
        const filtered = this.state.column || this.state.year;
        this.meta.replaceChildren(`没有${filtered ? "在所选范围内" : ""}找到包含「${q}」的文章`);
        const shorter = filtered || !answer.phrases.length ? ""
          : await suggestion(answer.phrases, () => run !== this.run);
        if (run === this.run && shorter) {
          const button = el("button", { type: "button", className: "qk-search__suggest" }, shorter);
          button.addEventListener("click", () => { this.set({ q: shorter }); this.update(); });
          this.meta.append("。试试较短的：", button);
        }
        return;
      }
      const sorted = { newest: "，最新的在前", oldest: "，最早的在前" }[this.state.sort] || "";
      this.meta.textContent = `${answer.total} 篇文章包含「${answer.searched.trim()}」${sorted}`;
      this.next();
    }
    fillFilters(answer) {
      this.filters.hidden = false;
      const fill = (name, counts, all, order) => {
        const select = this.filters.querySelector(`select[name=${name}]`);
        const current = this.state[name];
        select.replaceChildren(el("option", { value: "" }, all));
        for (const value of order) {
          if (!counts[value] && value !== current) continue;
          select.append(el("option", { value }, `${value}（${counts[value] || 0}）`));
        }
        select.value = current;
      };
      const index = archive && loaded.get(`docs:${FORMAT}`);
      fill("column", answer.columns, "全部栏目", index ? index.columns : Object.keys(answer.columns));
      const years = new Set([...Object.keys(answer.years), ...(this.state.year ? [this.state.year] : [])]);
      fill("year", answer.years, "全部年份", [...years].sort().reverse());
    }
    /* The next batch of hits, shown at once; each excerpt fills in as its text arrives,
       asked for once the titles are on screen (the texts' scripts and their marking would
       hold back the first paint of the list). */
    next() {
      const answer = this.answer, run = this.run;
      const batch = answer.hits.slice(this.shown, this.shown + PAGE);
      this.shown += batch.length;
      const excerpts = [];
      const items = batch.map((hit) => {
        const [y, m, d] = hit.date.split("-").map(Number);  /* as readers read dates */
        const when = `${y}年${m}月${d ? `${d}日` : ""}`;
        const day = when !== hit.issue ? el("span", {}, when) : null;
        const where = el("p", { className: "qk-hit__where" },
                         el("span", {}, hit.issue), el("span", {}, hit.column), day);
        const text = el("p", { className: "qk-hit__excerpt" });
        excerpts.push(() => excerpt(hit, answer.phrases).then((html) => { text.innerHTML = html; },
                                                              (error) => console.warn(error)));
        const article = el("article", { className: "md-search-result__article md-typeset" },
                           el("div", { className: "md-search-result__icon md-icon" }),
                           el("h1", { innerHTML: marked(hit.title, answer.phrases) }),
                           where, text);
        return el("li", { className: "md-search-result__item" },
                  el("a", { href: link(hit.url, answer.searched), className: "md-search-result__link" }, article));
      });
      if (run !== this.run) return;
      this.list.append(...items);
      afterPaint(() => { if (run === this.run) excerpts.forEach((fill) => fill()); });
      const left = answer.total - this.shown;
      this.more.hidden = left <= 0;
      this.more.textContent = `再显示 ${Math.min(PAGE, left)} 篇（还有 ${left} 篇）`;
    }
  }

  function filterBar() {
    const select = (name, label, ...options) => el("label", { className: "qk-search__filter" },
      el("span", { className: "qk-hidden-label" }, label),
      el("select", { name }, ...options.map(([value, text]) => el("option", { value }, text))));
    return el("div", { className: "qk-search__filters", hidden: true },
              select("column", "栏目", ["", "全部栏目"]), select("year", "年份", ["", "全部年份"]),
              select("sort", "排序", ["relevance", "按相关度"], ["newest", "最新在前"], ["oldest", "最早在前"]));
  }

  /* `fn` after the browser painted what is on the page now (a frame, then a task). */
  const afterPaint = (fn) => requestAnimationFrame(() => setTimeout(fn));

  function debounce(fn, ms) {
    let timer = 0;
    return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  }

  /* The search box in the header (overrides/partials/search.html). */
  function mountBox(box) {
    const input = box.querySelector("input[name=q]");
    /* Material's box opens with its toggle; an inline box (Zensical) is always open. */
    const toggle = box.dataset.qikanSearch === "inline" ? null : document.getElementById("__search");
    const result = box.querySelector(".md-search-result");
    const filters = filterBar();
    const share = el("a", { className: "qk-search__page", href: searchPage({}) }, "在搜索页打开 ›");
    const more = el("button", { type: "button", className: "md-button qk-search__more", hidden: true });
    const meta = result.querySelector(".md-search-result__meta");
    const bar = el("div", { className: "qk-search__bar", hidden: true }, filters, share);
    meta.after(bar);
    result.append(more);
    const results = new Results({ input, meta, list: result.querySelector(".md-search-result__list"),
                                  filters, more, page: (state) => {
                                    share.href = searchPage(state);
                                    bar.hidden = !state.q.trim();
                                  } });
    const open = (on) => { if (toggle && toggle.checked !== on) { toggle.checked = on; toggle.dispatchEvent(new Event("change")); } };
    /* A search 50 ms after the query last changed. A key-up that changed nothing (the key
       that committed an input method's word, after its input event) neither searches nor
       puts the search off. */
    let scheduled = null;
    const later = debounce(() => {
      scheduled = null;
      if (input.value === results.state.q && results.answer) return;
      results.set({ q: input.value });
      results.update();
    }, 50);
    const typed = () => {
      const searched = input.value === results.state.q && results.answer;
      if (input.value === scheduled || (scheduled === null && searched)) return;
      scheduled = input.value;
      later();
    };
    input.addEventListener("pointerenter", () => ready().catch(() => {}), { once: true });
    input.addEventListener("focus", () => { ready().catch(() => {}); open(true); });
    /* While an input method composes (pinyin), wait for the characters it commits. */
    input.addEventListener("keyup", (event) => {
      if (!event.isComposing && event.key !== "Enter" && !event.key.startsWith("Arrow")) typed();
    });
    input.addEventListener("input", (event) => { if (!event.isComposing) typed(); });
    input.addEventListener("compositionend", typed);
    box.querySelector("form").addEventListener("submit", (event) => {
      event.preventDefault();
      if (input.value.trim()) location.href = searchPage({ ...results.state, q: input.value });
    });
    box.querySelector("button[type=reset]").addEventListener("click", () => {
      results.set({ q: "" }); results.update(); input.focus();
    });
    if (toggle) toggle.addEventListener("change", () => { if (toggle.checked) { ready().catch(() => {}); setTimeout(() => input.focus(), 50); } });
    document.addEventListener("keydown", (event) => {
      const typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
      if (!typing && (event.key === "/" || event.key === "s" || event.key === "f") && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault(); open(true); input.focus();
      } else if (event.key === "Escape" && ((toggle && toggle.checked) || (!toggle && box.contains(event.target)))) {
        open(false); input.blur();
      } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && box.contains(event.target)) {
        const links = [input, ...box.querySelectorAll(".md-search-result__link")];
        const at = links.indexOf(event.target);
        if (at === -1) return;
        event.preventDefault();
        links[Math.max(0, Math.min(links.length - 1, at + (event.key === "ArrowDown" ? 1 : -1)))].focus();
      }
    });
    results.update();
  }

  /* The search page (search/), its state in the URL. */
  function mountPage(root) {
    const input = el("input", { type: "search", name: "q", className: "qk-search-page__input",
                                placeholder: "搜索全部文章", autocomplete: "off", spellcheck: false });
    input.setAttribute("aria-label", "搜索");
    const filters = filterBar();
    const meta = el("p", { className: "qk-search-page__meta" });
    meta.setAttribute("aria-live", "polite");
    const list = el("ol", { className: "md-search-result__list qk-search-page__list" });
    const more = el("button", { type: "button", className: "md-button qk-search__more", hidden: true });
    const form = el("form", { className: "qk-search-page__form", role: "search" }, input);
    root.replaceChildren(form, filters, el("div", { className: "md-search-result" }, meta, list, more));
    const results = new Results({ input, meta, list, filters, more, page: (state) => {
      const url = new URL(searchPage(state));
      if (url.href !== location.href) history.replaceState(null, "", url.search ? url.href : location.pathname);
    } });
    const params = new URLSearchParams(location.search);
    results.set({ q: params.get("q") || "", column: params.get("column") || "",
                  year: params.get("year") || "", sort: params.get("sort") || "relevance" });
    const typed = debounce(() => { results.set({ q: input.value }); results.update(); }, 150);
    input.addEventListener("input", (event) => { if (!event.isComposing) typed(); });
    input.addEventListener("compositionend", typed);
    form.addEventListener("submit", (event) => { event.preventDefault(); typed(); });
    results.update();
    if (!results.state.q) input.focus();
  }

  window.qikanSearch = { search, phrases, stream, ready,
                         mapped: (text) => mapped(text).chars.join("") };
  function start() {
    const box = document.querySelector("[data-qikan-search]");
    if (box) mountBox(box);
    const page = document.querySelector("[data-qikan-search-page]");
    if (page) mountPage(page);
    highlightPage();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
