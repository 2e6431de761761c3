// What the two pages share: calling the API (with the API key, when the service asks for one), evidence
// offsets in JavaScript's units, and an article's text with its evidence marked. Everything from the service
// reaches the page as text (textContent, text nodes), never as HTML.
"use strict";

window.Highlights = (function () {
  // fetch(path[, body]) → the JSON answer, or an Error with the service's one-line message. A 401 shows the
  // key field; a key that worked is kept for the session.
  function client(keyInput, keyRow) {
    function headers() {
      const h = { "Content-Type": "application/json", "Accept": "application/json" };
      const key = keyInput.value.trim() || sessionStorage.getItem("highlights-key") || "";
      if (key) h["X-API-Key"] = key;
      return h;
    }
    return async function api(path, body) {
      const init = body === undefined ? { headers: headers() }
        : { method: "POST", headers: headers(), body: JSON.stringify(body) };
      let response;
      try {
        response = await fetch(path, init);
      } catch (err) {
        throw new Error("The service could not be reached. Is it still running?");
      }
      let data = null;
      try { data = await response.json(); } catch (err) { data = null; }
      if (response.status === 401) {
        keyRow.hidden = false;
        keyInput.focus();
      }
      if (!response.ok) {
        throw new Error(data && data.message ? data.message : `The service answered ${response.status}.`);
      }
      if (keyInput.value.trim()) sessionStorage.setItem("highlights-key", keyInput.value.trim());
      return data;
    };
  }

  // Evidence offsets count Unicode code points (Python); JavaScript strings count UTF-16 units.
  function codeUnitOffsets(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return (i) => i;
    const map = [];
    let unit = 0;
    for (const ch of text) { map.push(unit); unit += ch.length; }
    map.push(unit);
    return (i) => (i >= 0 && i < map.length ? map[i] : -1);
  }

  // The pieces a highlight marks: a shortened bullet's kept spans, else its evidence sentences.
  function pieces(h) {
    return h.spans ? h.spans.map(([s, e]) => ({ start: s, end: e })) : h.evidence || [];
  }

  // Fill `container` with `text`, one paragraph a line, each evidence piece of `highlights` (those `owns`
  // keeps) a <mark class="ev" data-h="i j"> holding text. `label`: number each highlight's first mark (or
  // those of the highlights it returns true for); `flag(i)`: mark it as unsupported; `kind(i)`: a class
  // its marks get; `onClick(i)`: what a click on a mark of highlight i does.
  function renderMarked(container, text, highlights, { owns = () => true, label = false, flag = () => false,
    kind = () => "", onClick = () => {} } = {}) {
    const numbered = typeof label === "function" ? label : () => Boolean(label);
    const offsets = codeUnitOffsets(text);
    const cuts = new Set([0, text.length]);
    const spans = []; // [start, end, highlight index] in UTF-16 code units
    highlights.forEach((h, i) => {
      if (!owns(h)) return;
      for (const ev of pieces(h)) {
        const start = offsets(ev.start), end = offsets(ev.end);
        if (!(start < end) || start < 0 || end > text.length) continue;
        spans.push([start, end, i]);
        cuts.add(start);
        cuts.add(end);
      }
    });
    const points = Array.from(cuts).sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    const labelled = new Set();
    let para = document.createElement("p");
    const flush = () => {
      if (para.childNodes.length) frag.append(para);
      para = document.createElement("p");
    };
    for (let k = 0; k + 1 < points.length; k++) {
      const a = points[k], b = points[k + 1];
      const owners = spans.filter(([s, e]) => s <= a && b <= e).map((sp) => sp[2]);
      text.slice(a, b).split("\n").forEach((part, j) => {
        if (j > 0) flush();
        if (!part) return;
        if (owners.length === 0) {
          para.append(document.createTextNode(part));
          return;
        }
        const m = document.createElement("mark");
        m.className = "ev";
        m.dataset.h = owners.join(" ");
        if (owners.some(flag)) m.classList.add("unsupported");
        for (const i of owners) if (kind(i)) m.classList.add(kind(i));
        const fresh = owners.filter((i) => !labelled.has(i) && numbered(i));
        if (fresh.length && part.trim()) {
          m.dataset.n = fresh.map((i) => String(i + 1)).join(",");
          fresh.forEach((i) => labelled.add(i));
        }
        m.textContent = part;
        m.addEventListener("click", () => onClick(owners[0]));
        para.append(m);
      });
    }
    flush();
    container.textContent = "";
    container.append(frag);
  }

  // A numbered bullet that can be pointed at and pinned: <li class="bullet" data-index> with its number and text.
  function bullet(i, text) {
    const li = document.createElement("li");
    li.className = "bullet";
    li.tabIndex = 0;
    li.dataset.index = String(i);
    li.setAttribute("role", "button");
    li.setAttribute("aria-pressed", "false");
    const num = document.createElement("span");
    num.className = "num";
    num.textContent = String(i + 1);
    const words = document.createElement("span");
    words.className = "bullet-text";
    words.textContent = text;
    li.append(num, words);
    return li;
  }

  // A conflict as an editor's line: "Estimates of <what> differ:" and each figure a button (its text and
  // source) that calls onFigure(value, k); flagged when the verifier did not back the bullet.
  function conflictLine(conflict, onFigure) {
    const li = document.createElement("li");
    const what = document.createElement("span");
    what.className = "what";
    what.textContent = `Estimates of ${conflict.what} differ:`;
    li.append(what, document.createTextNode(" "));
    conflict.values.forEach((v, k) => {
      if (k > 0) li.append(document.createTextNode(" vs "));
      const value = document.createElement("button");
      value.type = "button";
      value.className = "figure";
      value.textContent = v.text + (v.attribution ? ` (${v.attribution})` : "");
      value.addEventListener("click", () => onFigure(v, k));
      li.append(value);
    });
    if (conflict.verified && conflict.verified.supported === false) li.classList.add("unsupported");
    return li;
  }

  // Toggle "active" on the marks of highlight `index` (null: none) in `container`.
  function markActive(container, index) {
    for (const m of container.querySelectorAll("mark.ev")) {
      m.classList.toggle("active", index !== null && m.dataset.h.split(" ").includes(String(index)));
    }
  }

  return { client, codeUnitOffsets, renderMarked, markActive, bullet, conflictLine };
})();
