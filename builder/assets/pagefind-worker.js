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
/* Pagefind escapes page text and adds <mark>; allow nothing else through. */
const excerpt = (html) => String(html || "").replace(/<(?!\/?mark>)/g, "&lt;");

function relative(url) {
  const target = new URL(url, base);
  const path = target.pathname.startsWith(base.pathname)
    ? target.pathname.slice(base.pathname.length) : target.pathname.replace(/^\//, "");
  return path + target.hash;
}

async function setup() {
  pagefind = await import(new URL("pagefind/pagefind.js", base).href);
  await pagefind.options({ baseUrl: base.pathname, excerptLength: 48 });
  await pagefind.init();
}

async function query(text) {
  const q = String(text || "").replace(SYNTAX, " ").trim();
  if (!q) return { items: [] };
  const search = await pagefind.search(q);
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
