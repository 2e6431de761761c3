// The Highlights page: send a story to /v1/highlights, show the bullets, mark their evidence.
// Every piece of the story and of the answer reaches the page as text (textContent, text nodes),
// never as HTML.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const el = {
    form: $("form"), method: $("method"), count: $("count"), submit: $("submit"),
    keyRow: $("key-row"), key: $("api-key"), status: $("status"), error: $("error"),
    results: $("results"), meta: $("meta"), bullets: $("bullets"), notes: $("notes"), copy: $("copy"),
    conflicts: $("conflicts"), conflictsBox: $("conflicts-box"),
    copied: $("copied"),
    references: $("references"), referenceList: $("reference-list"), intro: $("intro"),
    fileName: $("file-name"), file: $("file"), edit: $("edit"), editor: $("editor"), story: $("story"),
    article: $("article"), heading: $("article-heading"), text: $("article-text"), drop: $("drop"),
  };

  let source = { kind: "text", name: "" }; // what the text box holds: "text" or an "html" file
  let current = null;                       // the last answer
  let pinned = null;                        // the highlight clicked, or null

  // -- requests ---------------------------------------------------------------------------

  const api = Highlights.client(el.key, el.keyRow);

  async function loadMethods() {
    for (let n = 1; n <= 10; n++) el.count.add(new Option(String(n), String(n), n === 3, n === 3));
    try {
      const info = await api("/v1/methods");
      el.method.textContent = "";
      for (const m of info.methods) {
        const option = new Option(m.name, m.name, m.name === info.default, m.name === info.default);
        option.title = m.available ? m.description : `unavailable: ${m.reason || ""}`;
        option.disabled = !m.available;
        el.method.add(option);
      }
      el.count.textContent = "";
      const lim = info.limits;
      for (let n = lim.count_min; n <= lim.count_max; n++) {
        const chosen = n === lim.count_default;
        el.count.add(new Option(String(n), String(n), chosen, chosen));
      }
    } catch (err) {
      // The defaults above still work; the error shows when the user submits.
    }
  }

  function requestBody() {
    const content = el.story.value;
    const html = source.kind === "html" || /^\s*(<!doctype\s+html|<html[\s>])/i.test(content);
    // a page's address alone: the service fetches it (as its safety rules allow) and reads it as HTML
    const url = /^\s*https?:\/\/\S+\s*$/i.test(content);
    const body = url ? { url: content.trim() } : html ? { html: content } : { text: content };
    if (el.method.value) body.method = el.method.value;
    body.count = Number(el.count.value) || 3;
    return body;
  }

  async function submit(event) {
    if (event) event.preventDefault();
    if (!el.story.value.trim()) {
      showError("Paste a story first, or drop a file on the page.");
      el.story.focus();
      return;
    }
    showError("");
    el.submit.disabled = true;
    el.status.textContent = "Reading the story…";
    try {
      const summary = await api("/v1/highlights", requestBody());
      show(summary);
      el.status.textContent = "";
    } catch (err) {
      el.status.textContent = "";
      showError(err.message);
    } finally {
      el.submit.disabled = false;
    }
  }

  function showError(message) {
    el.error.textContent = message;
    el.error.hidden = !message;
  }

  // -- the answer -------------------------------------------------------------------------

  function show(summary) {
    current = summary;
    pinned = null;

    // Bullets
    el.bullets.textContent = "";
    summary.highlights.forEach((h, i) => {
      const li = Highlights.bullet(i, h.text);
      const verified = h.verified;
      if (unsupported(h)) {
        li.classList.add("unsupported");
        const flag = document.createElement("span");
        flag.className = "flag";
        flag.textContent = "Not supported by the article";
        const why = verified.reason || verified.explanation || verified.label ||
          (verified.problems || []).map((p) => p.detail).join("; ");
        flag.title = why ? String(why) : "The verifier did not find this highlight supported by its evidence.";
        li.append(flag);
      }
      if (h.rewritten) {  // the service runs the language-model writer, and its guard passed this one
        const tag = document.createElement("span");
        tag.className = "tag";
        tag.textContent = "rewritten";
        tag.title = "Written by a language model from the highlighted sentence, and checked against it";
        li.append(tag);
      }
      li.addEventListener("mouseenter", () => mark(i));
      li.addEventListener("mouseleave", () => mark(pinned));
      li.addEventListener("focus", () => mark(i));
      li.addEventListener("blur", () => mark(pinned));
      li.addEventListener("click", () => pin(i));
      li.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pin(i); }
      });
      el.bullets.append(li);
    });

    // Why fewer bullets than asked, or what to doubt about the page's text
    const notes = summary.notes || [];
    el.notes.textContent = notes.map((n) => n.charAt(0).toUpperCase() + n.slice(1) + ".").join(" ");
    el.notes.hidden = notes.length === 0;

    const bits = [];
    if (summary.date) bits.push(summary.date);
    bits.push(`${summary.highlights.length} highlight${summary.highlights.length === 1 ? "" : "s"}`);
    bits.push(`method: ${summary.method}`);
    el.meta.textContent = bits.join(" · ");

    const refs = summary.references || [];
    el.referenceList.textContent = "";
    for (const r of refs) {
      const li = document.createElement("li");
      li.textContent = r;
      el.referenceList.append(li);
    }
    el.references.hidden = refs.length === 0;

    // Figures that disagree: each value is marked in the article after the highlights' evidence
    const figures = showConflicts(summary);

    // The article, as text nodes, cut at every evidence boundary
    el.heading.textContent = summary.title || "";
    el.heading.hidden = !summary.title;
    const n = summary.highlights.length;
    Highlights.renderMarked(el.text, summary.text, [...summary.highlights, ...figures],
      { label: (i) => i < n, flag: (i) => i < n && unsupported(summary.highlights[i]),
        kind: (i) => (i < n ? "" : "figure"), onClick: pin });

    el.results.hidden = false;
    el.intro.hidden = true;
    el.editor.hidden = true;
    el.article.hidden = false;
    el.edit.hidden = false;
    el.copied.textContent = "";
  }

  // The conflicts as editor's lines, each figure a button that marks its span; returns the figures as
  // highlights (index n + k for the k-th figure) for the article's marking.
  function showConflicts(summary) {
    const figures = [];
    el.conflicts.textContent = "";
    for (const c of summary.conflicts || []) {
      const first = summary.highlights.length + figures.length;
      for (const v of c.values) figures.push({ text: v.text, evidence: [{ start: v.start, end: v.end }] });
      el.conflicts.append(Highlights.conflictLine(c, (v, k) => pin(first + k)));
    }
    el.conflictsBox.hidden = figures.length === 0;
    return figures;
  }

  // The verifier's verdict, when the answer has one: {"verified": {"supported": false, ...}}.
  function unsupported(h) {
    return Boolean(h.verified && h.verified.supported === false);
  }

  function mark(index) {
    for (const li of el.bullets.children) {
      const on = index !== null && li.dataset.index === String(index);
      li.classList.toggle("active", on);
    }
    Highlights.markActive(el.text, index);
  }

  function pin(index) {
    pinned = pinned === index ? null : index;
    for (const li of el.bullets.children) {
      li.setAttribute("aria-pressed", String(li.dataset.index === String(pinned)));
      li.classList.toggle("pinned", li.dataset.index === String(pinned));
    }
    mark(pinned);
    if (pinned !== null) {
      const target = el.text.querySelector("mark.ev.active");
      if (target) target.scrollIntoView({ block: "center", behavior: "smooth" });
    }
  }

  // -- copy -------------------------------------------------------------------------------

  function cnnForm(summary) {
    const head = summary.date ? ` date ${summary.date} Story highlights` : " Story highlights";
    const lines = [head, ...summary.highlights.map((h) => "- " + h.text.split(/\s+/).filter(Boolean).join(" "))];
    return lines.join("\n") + "\n";
  }

  async function copy() {
    if (!current) return;
    const value = cnnForm(current);
    let ok = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(value);
        ok = true;
      }
    } catch (err) { ok = false; }
    if (!ok) {
      const area = document.createElement("textarea");
      area.value = value;
      area.setAttribute("readonly", "");
      area.className = "offscreen";
      document.body.append(area);
      area.select();
      try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
      area.remove();
    }
    el.copy.dataset.copied = value;
    el.copied.textContent = ok ? "Copied" : "Copy failed: select the highlights and copy them by hand";
  }

  // -- files and editing ------------------------------------------------------------------

  function readFile(file) {
    if (!file) return;
    const name = file.name || "";
    if (!/\.(txt|html?|story)$/i.test(name)) {
      showError(`${name || "That file"}: expected a .txt, .html or .story file.`);
      return;
    }
    if (file.size > 5000000) {
      showError(`${name}: larger than 5 MB.`);
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      el.story.value = String(reader.result);
      source = { kind: /\.html?$/i.test(name) ? "html" : "text", name };
      el.fileName.textContent = name;
      submit();
    };
    reader.onerror = () => showError(`${name}: could not be read.`);
    reader.readAsText(file);
  }

  function editMode() {
    el.article.hidden = true;
    el.editor.hidden = false;
    el.edit.hidden = true;
    el.story.focus();
  }

  el.form.addEventListener("submit", submit);
  el.copy.addEventListener("click", copy);
  el.edit.addEventListener("click", editMode);
  el.file.addEventListener("change", () => { readFile(el.file.files[0]); el.file.value = ""; });
  el.story.addEventListener("input", () => { source = { kind: "text", name: "" }; el.fileName.textContent = ""; });
  el.story.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) submit(e);
  });

  let depth = 0;
  const hasFiles = (e) => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes("Files");
  document.addEventListener("dragenter", (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth++;
    el.drop.hidden = false;
  });
  document.addEventListener("dragover", (e) => { if (hasFiles(e)) e.preventDefault(); });
  document.addEventListener("dragleave", () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) el.drop.hidden = true;
  });
  document.addEventListener("drop", (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    el.drop.hidden = true;
    readFile(e.dataTransfer.files[0]);
  });

  loadMethods();
})();
