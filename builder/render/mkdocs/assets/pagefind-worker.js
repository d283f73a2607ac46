/* qikan search worker: Material's search box, answered by Pagefind.
 *
 * Material's UI talks to its search worker with four messages: SETUP (0) → READY (1),
 * QUERY (2) → RESULT (3). This worker keeps that protocol, so the reader sees Material's
 * search exactly as before, but answers from Pagefind's chunked index: only the parts
 * of the index a query needs are downloaded, never the whole archive's. */
"use strict";
const base = new URL("../../../", self.location.href);
const SYNTAX = /[*+\-:^~"]/g;
const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" };
let pagefind = null;
let ready = null; /* queries wait for setup: they may arrive while Pagefind still loads */

const escape = (text) => String(text || "").replace(/[&<>"']/g, (c) => ESCAPES[c]);
/* The index holds each article as words separated by spaces (the builder segmented it);
   Chinese is written without them: drop each space beside a Chinese character or
   punctuation mark (tags in between do not count). */
const WIDE = "\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef\\u2014\\u2018-\\u201f\\u2026";
const SPACED = new RegExp(`(?<=[${WIDE}](?:</?mark>)*) | (?=(?:</?mark>)*[${WIDE}])`, "gu");
/* Pagefind escapes page text and adds <mark>; allow nothing else through. */
const excerpt = (html) => String(html || "").replace(/<(?!\/?mark>)/g, "&lt;").replace(SPACED, "");

function relative(url) {
  const target = new URL(url, base);
  const path = target.pathname.startsWith(base.pathname)
    ? target.pathname.slice(base.pathname.length) : target.pathname.replace(/^\//, "");
  return path + target.hash;
}

/* Pagefind cuts a Chinese query into words only when it knows the page's language, which
   it cannot read in a worker: cut it here as Pagefind would (the browser's word segmenter;
   words only), each word then matching the start of an indexed word. */
const SEGMENTER = typeof Intl.Segmenter === "function"
  ? new Intl.Segmenter("zh", { granularity: "word" }) : null;
const words = (text) => SEGMENTER
  ? Array.from(SEGMENTER.segment(text)).filter((s) => s.isWordLike).map((s) => s.segment).join(" ")
  : text;

async function setup() {
  pagefind = await import(new URL("pagefind/pagefind.js", base).href);
  await pagefind.options({ baseUrl: base.pathname, excerptLength: 48 });
  words("检索");  /* the browser loads its Chinese dictionary now, not at the first query */
  await pagefind.init();
}

/* The browser's words and the index's need not agree: a word the browser does not know
   comes as single characters (腾 讯, where the index holds 腾讯), a word the index does not
   know may be cut finer there (硅 晶 圆, where the browser cuts 硅 晶圆). When a query finds
   nothing it is tried with runs of single characters joined, then as typed, then
   character by character. */
const joined = (query) => query.replace(/(?<=^|\s)\p{Script=Han}(?:\s\p{Script=Han}(?=\s|$))+/gu,
                                        (run) => run.replace(/\s/g, ""));
const characters = (query) => query.replace(/(\p{Script=Han})(?=\p{Script=Han})/gu, "$1 ");

async function find(text) {
  const segmented = words(text);
  let found = null;
  for (const query of new Set([segmented, joined(segmented), text, characters(text)])) {
    if (!query) continue;
    found = await pagefind.search(query);
    if (found.results.length) break;
  }
  return found;
}

async function query(text) {
  const q = String(text || "").replace(SYNTAX, " ").replace(/\s+/g, " ").trim();
  if (!q) return { items: [] };
  const search = await find(q);
  const pages = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  const terms = Object.fromEntries(q.split(/\s+/).map((t) => [t, true]));
  const items = pages.map((page, rank) => {
    const doc = { location: relative(page.url), title: escape(page.meta.title),
                  text: excerpt(page.excerpt), score: 1 - rank / 100, terms };
    const sections = (page.sub_results || [])
      .filter((s) => s.url !== page.url).slice(0, 3)
      .map((s) => ({ location: relative(s.url), title: escape(s.title),
                     text: excerpt(s.excerpt), score: 0.5, terms, parent: doc }));
    return [doc, ...sections];
  });
  return { items, suggest: [] };
}

addEventListener("message", async (event) => {
  const message = event.data;
  if (message.type === 0) {
    /* Ready at once: Material drops a query typed before READY, and queries wait for
       Pagefind anyway. */
    ready = ready || setup();
    postMessage({ type: 1 });
  } else if (message.type === 2) {
    try {
      ready = ready || setup();
      await ready;
      postMessage({ type: 3, data: await query(message.data) });
    } catch (error) {
      console.warn(error);
      postMessage({ type: 3, data: { items: [] } });
    }
  }
});
