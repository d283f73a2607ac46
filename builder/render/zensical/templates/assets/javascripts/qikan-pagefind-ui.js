/* qikan: Pagefind's search box for a site built by Zensical.
 *
 * The index holds each article as the builder segmented it (words separated by spaces);
 * Pagefind cuts a reader's query the same way (the page's language is Chinese). Excerpts
 * are shown without the spaces between Chinese words. */
"use strict";
(() => {
  const WIDE = "\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef\\u2014\\u2018-\\u201f\\u2026";
  const SPACED = new RegExp(`(?<=[${WIDE}](?:</?mark>)*) | (?=(?:</?mark>)*[${WIDE}])`, "gu");
  const unspaced = (html) => String(html || "").replace(SPACED, "");

  function start() {
    const box = document.getElementById("qk-search");
    if (!box || typeof PagefindUI !== "function") return;
    const bundle = new URL(box.dataset.bundle, location.href);
    new PagefindUI({
      element: box,
      bundlePath: bundle.pathname,
      baseUrl: new URL("../", bundle).pathname,
      showImages: false,
      showSubResults: false,
      processResult: (result) => {
        result.excerpt = unspaced(result.excerpt);
        for (const sub of result.sub_results || []) sub.excerpt = unspaced(sub.excerpt);
        return result;
      },
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
