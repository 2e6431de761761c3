// The Stories page: the topics of the database, each with its stories (GET /v1/topics; all of a topic's stories:
// GET /v1/stories?topic=), one story with its highlights across its articles (GET /v1/stories/{id}), and the
// article a highlight comes from with its evidence marked (GET /v1/articles/{id}); the feeds followed, each with its
// last round (GET /v1/feeds), and a feed to follow (POST /v1/feeds). Everything from the service
// reaches the page as text, never as HTML.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const el = {
    refresh: $("refresh"), keyRow: $("key-row"), key: $("api-key"), status: $("status"), error: $("error"),
    list: $("topic-list"), empty: $("empty"), none: $("none"), order: $("order"), minArticles: $("min-articles"),
    since: $("since"), story: $("story"), pick: $("pick"), title: $("story-title"),
    meta: $("story-meta"), bullets: $("bullets"), articles: $("articles"), article: $("article"),
    heading: $("article-heading"), articleMeta: $("article-meta"), text: $("article-text"),
    timeline: $("timeline"), timelineEmpty: $("timeline-empty"), conflicts: $("conflicts"),
    conflictsBox: $("conflicts-box"),
    addForm: $("add-form"), addText: $("add-text"), addDate: $("add-date"), addSubmit: $("add-submit"),
    feeds: $("feeds"), feedsCount: $("feeds-count"), feedsEvery: $("feeds-every"), feedList: $("feed-list"),
    feedForm: $("feed-form"), feedUrl: $("feed-url"), feedSubmit: $("feed-submit"),
  };

  let story = null;      // the story shown
  let pinned = null;     // the highlight clicked, or null
  let shownArticle = null;
  const articles = new Map(); // stored articles fetched so far, by id

  const api = Highlights.client(el.key, el.keyRow);

  function showError(message) {
    el.error.textContent = message;
    el.error.hidden = !message;
  }

  function span(first, last) {
    if (!first) return "undated";
    return first === last ? first : `${first} – ${last}`;
  }

  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const stories = (n, kind) => `${n} ${kind ? kind + " " : ""}${n === 1 ? "story" : "stories"}`;

  // -- the topics, each with its stories ----------------------------------------------------------

  async function loadList() {
    showError("");
    const query = new URLSearchParams({ order: el.order.value, min_articles: el.minArticles.value, limit: "100",
      stories: "5" });
    if (el.since.value) query.set("since", el.since.value);
    try {
      const topics = await api(`/v1/topics?${query}`);
      el.list.textContent = "";
      topics.forEach((t, i) => el.list.append(topicItem(t, i === 0)));
      const filtered = el.minArticles.value !== "1" || Boolean(el.since.value);
      el.empty.hidden = topics.length > 0 || filtered;
      el.none.hidden = topics.length > 0 || !filtered;
      markCurrent();
    } catch (err) {
      showError(err.message);
    }
  }

  // A topic: its title, size and span as a <details> that opens on its largest stories; the others counted.
  function topicItem(t, open) {
    const li = document.createElement("li");
    li.className = "topic";
    li.dataset.id = String(t.id);
    const box = document.createElement("details");
    box.open = open;
    const head = document.createElement("summary");
    const title = document.createElement("span");
    title.className = "title";
    title.textContent = t.title || `Topic ${t.id}`;
    const sub = document.createElement("span");
    sub.className = "sub";
    sub.textContent = `${plural(t.articles, "article")} · ${stories(t.stories)} · ${span(t.first, t.last)}`;
    head.append(title, sub);
    const list = document.createElement("ol");
    list.className = "story-list";
    for (const s of t.top_stories) list.append(storyItem(s));
    box.append(head, list);
    const rest = [[t.other_stories, "more"], [t.single_stories, "single-article"]].filter(([n]) => n > 0);
    if (rest.length) {
      const folded = document.createElement("p");
      folded.className = "folded";
      folded.textContent = `… and ${rest.map(([n, kind]) => stories(n, kind)).join(" and ")} `;
      const all = document.createElement("button");
      all.type = "button";
      all.textContent = "Show them";
      all.setAttribute("aria-label", `Show all ${stories(t.stories)} of this topic`);
      all.addEventListener("click", () => showAll(t, list, folded));
      folded.append(all);
      box.append(folded);
    }
    li.append(box);
    return li;
  }

  // A story in its topic: a link to its page (#id), its size and span.
  function storyItem(s) {
    const li = document.createElement("li");
    li.className = "story-item";
    li.dataset.id = String(s.id);
    const link = document.createElement("a");
    link.href = `#${s.id}`;
    const title = document.createElement("span");
    title.className = "title";
    title.textContent = s.title || `Story ${s.id}`;
    const sub = document.createElement("span");
    sub.className = "sub";
    sub.textContent = `${plural(s.articles, "article")} · ${span(s.first, s.last)}`;
    link.append(title, sub);
    li.append(link);
    return li;
  }

  // Every story of a topic, the largest first, in place of its first few.
  async function showAll(t, list, folded) {
    showError("");
    try {
      const rows = await api(`/v1/stories?topic=${encodeURIComponent(t.id)}&order=size&limit=1000&count=1`);
      list.textContent = "";
      for (const s of rows) list.append(storyItem(s));
      folded.remove();
      markCurrent();
      const first = list.querySelector("a");
      if (first) first.focus();
    } catch (err) {
      showError(err.message);
    }
  }

  function markCurrent() {
    for (const li of el.list.querySelectorAll(".story-item")) {
      const on = story !== null && li.dataset.id === String(story.id);
      li.classList.toggle("current", on);
      const link = li.querySelector("a");
      if (on) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
      if (on) li.closest("details").open = true;
    }
  }

  // -- one story ----------------------------------------------------------------------------

  async function openStory(id) {
    showError("");
    try {
      story = await api(`/v1/stories/${encodeURIComponent(id)}?count=4`);
    } catch (err) {
      showError(err.message);
      return;
    }
    pinned = null;
    shownArticle = null;
    el.title.textContent = story.title || `Story ${story.id}`;
    const total = story.articles_total ?? story.articles.length;
    el.meta.textContent = `${plural(total, "article")} · ${span(story.first, story.last)}`;
    el.bullets.textContent = "";
    story.highlights.forEach((h, i) => {
      const li = Highlights.bullet(i, h.text);
      const source = document.createElement("span");
      source.className = "source";
      source.textContent = [h.title || `article ${h.article}`, h.date].filter(Boolean).join(" · ");
      li.append(source);
      if (h.verified && h.verified.supported === false) li.classList.add("unsupported");
      li.addEventListener("mouseenter", () => focusHighlight(i));
      li.addEventListener("mouseleave", () => { if (pinned !== null) focusHighlight(pinned); else markActive(null); });
      li.addEventListener("focus", () => focusHighlight(i));
      li.addEventListener("click", () => pin(i));
      li.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pin(i); }
      });
      el.bullets.append(li);
    });
    el.articles.textContent = "";
    for (const a of story.articles) {
      const li = document.createElement("li");
      li.tabIndex = 0;
      li.dataset.id = String(a.id);
      const date = document.createElement("span");
      date.className = "date";
      date.textContent = a.date || "undated";
      li.append(date, document.createTextNode(a.title || a.external_id || `article ${a.id}`));
      li.addEventListener("click", () => showArticle(a.id, null));
      li.addEventListener("keydown", (e) => { if (e.key === "Enter") showArticle(a.id, null); });
      el.articles.append(li);
    }
    if (total > story.articles.length) { // the API lists a page of them: say how many more there are
      const more = document.createElement("li");
      more.className = "more";
      more.textContent = `… and ${plural(total - story.articles.length, "more article")}`;
      el.articles.append(more);
    }
    el.article.hidden = true;
    showConflicts();
    loadTimeline();
    el.story.hidden = false;
    el.pick.hidden = true;
    markCurrent();
    if (story.highlights.length) await showArticle(story.highlights[0].article, null);
  }

  function pin(i) {
    pinned = pinned === i ? null : i;
    for (const li of el.bullets.children) {
      const on = li.dataset.index === String(pinned);
      li.setAttribute("aria-pressed", String(on));
      li.classList.toggle("pinned", on);
    }
    if (pinned !== null) focusHighlight(pinned, true);
    else markActive(null);
  }

  async function focusHighlight(i, scroll) {
    const h = story && story.highlights[i];
    if (!h) return;
    if (shownArticle !== h.article) await showArticle(h.article, i);
    markActive(i);
    if (scroll) {
      const target = el.text.querySelector("mark.ev.active");
      if (target) target.scrollIntoView({ block: "center", behavior: "smooth" });
    }
  }

  function markActive(i) {
    for (const li of el.bullets.children) li.classList.toggle("active", i !== null && li.dataset.index === String(i));
    Highlights.markActive(el.text, i);
  }

  // -- an article with the story's evidence in it ---------------------------------------------

  // `marks`: what to mark in it (default: the story's highlights that come from it); `active`: which of them
  async function showArticle(id, active, marks) {
    let a = articles.get(id);
    if (!a) {
      try {
        a = await api(`/v1/articles/${encodeURIComponent(id)}`);
      } catch (err) {
        showError(err.message);
        return;
      }
      articles.set(id, a);
    }
    shownArticle = id;
    el.heading.textContent = a.title || a.external_id || `Article ${a.id}`;
    el.articleMeta.textContent = [a.date, a.url || a.source].filter(Boolean).join(" · ");
    if (marks) {
      Highlights.renderMarked(el.text, a.text, marks);
    } else {
      Highlights.renderMarked(el.text, a.text, story.highlights, { owns: (h) => h.article === a.id, onClick: pin });
    }
    for (const li of el.articles.children) li.classList.toggle("current", li.dataset.id === String(id));
    el.article.hidden = false;
    markActive(active);
  }

  // -- figures its articles give for one count that cannot all be right: each value opens its article at its span

  function showConflicts() {
    el.conflicts.textContent = "";
    for (const c of story.conflicts || []) {
      el.conflicts.append(Highlights.conflictLine(c, (v) => showArticle(v.article, 0, [{ text: v.text, evidence: [v] }])));
    }
    el.conflictsBox.hidden = !(story.conflicts || []).length;
  }

  // -- the story's timeline: its key dates, each bullet opening its article at its span -------------

  async function loadTimeline() {
    el.timeline.textContent = "";
    let made;
    try {
      made = await api(`/v1/stories/${encodeURIComponent(story.id)}/timeline?dates=10&per_date=2`);
    } catch (err) {
      showError(err.message);
      return;
    }
    for (const entry of made.dates) {
      const li = document.createElement("li");
      const day = document.createElement("span");
      day.className = "date";
      day.textContent = entry.date;
      li.append(day);
      if (entry.date_source === "text") {
        const how = document.createElement("span");
        how.className = "named";
        how.textContent = "named in the text";
        how.title = "No article was published on this day; later articles name it.";
        li.append(how);
      }
      const list = document.createElement("ul");
      for (const b of entry.bullets) {
        const item = document.createElement("li");
        item.className = "tl-bullet";
        item.tabIndex = 0;
        item.textContent = b.text;
        const ev = b.evidence[0];
        const open = () => {
          for (const other of el.timeline.querySelectorAll(".tl-bullet")) other.classList.toggle("current", other === item);
          showArticle(Number(ev.article), 0, [{ text: b.text, evidence: [ev] }]);
        };
        item.addEventListener("click", open);
        item.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
        list.append(item);
      }
      li.append(list);
      el.timeline.append(li);
    }
    el.timelineEmpty.hidden = made.dates.length > 0;
  }

  // -- adding an article ----------------------------------------------------------------------

  async function add(event) {
    event.preventDefault();
    const content = el.addText.value;
    if (!content.trim()) {
      showError("Paste an article first.");
      el.addText.focus();
      return;
    }
    const html = /^\s*(<!doctype\s+html|<html[\s>])/i.test(content);
    const body = html ? { html: content } : { text: content };
    if (el.addDate.value) body.date = el.addDate.value;
    showError("");
    el.addSubmit.disabled = true;
    el.status.textContent = "Reading the article…";
    try {
      const placed = await api("/v1/articles", body);
      el.status.textContent = placed.new_article
        ? `Added: ${placed.new_story ? "it starts a new story" : `it joins story ${placed.story}`}.`
        : `Already stored, in story ${placed.story}.`;
      el.addText.value = "";
      await loadList();
      articles.delete(placed.article);
      if (location.hash === `#${placed.story}`) await openStory(placed.story);
      else location.hash = String(placed.story);
    } catch (err) {
      el.status.textContent = "";
      showError(err.message);
    } finally {
      el.addSubmit.disabled = false;
    }
  }

  // -- the feeds ------------------------------------------------------------------------------

  function lastRound(f) {
    const r = f.last_round;
    if (!r) return "not read yet";
    const when = r.at.replace("T", " ").replace("Z", " UTC");
    if (r.status === "failed") return `failed ${when}: ${r.message || r.error}`;
    const what = r.status === "not_modified" ? "unchanged" : "changed";
    return `${what} ${when}: ${plural(r.new, "new article")}${r.failed ? `, ${r.failed} failed` : ""}`;
  }

  async function loadFeeds() {
    try {
      const answer = await api("/v1/feeds");
      el.feedList.textContent = "";
      for (const f of answer.feeds) {
        const li = document.createElement("li");
        const name = document.createElement("span");
        name.className = "feed-name";
        name.textContent = f.title || f.url;
        name.title = f.url;
        const state = document.createElement("span");
        state.className = f.last_round && f.last_round.status === "failed" ? "meta feed-failed" : "meta";
        state.textContent = ` ${f.stored} of ${plural(f.items, "item")} stored · ${lastRound(f)}`;
        li.append(name, state);
        el.feedList.append(li);
      }
      el.feedsCount.textContent = `(${answer.feeds.length})`;
      el.feedsEvery.textContent = answer.every > 0
        ? `Read every ${Math.round(answer.every / 60) || 1} min by this server; each new item is summarized and placed in its story.`
        : "This server does not read its feeds (HIGHLIGHTS_FOLLOW_EVERY=0); run highlights follow on the same database.";
    } catch (err) {
      el.feedsCount.textContent = "";
    }
  }

  async function follow(event) {
    event.preventDefault();
    const url = el.feedUrl.value.trim();
    if (!url) {
      showError("Give a feed's address first.");
      el.feedUrl.focus();
      return;
    }
    showError("");
    el.feedSubmit.disabled = true;
    try {
      const f = await api("/v1/feeds", { url });
      el.status.textContent = `Following ${f.title || f.url}; its items arrive with the next round.`;
      el.feedUrl.value = "";
      await loadFeeds();
    } catch (err) {
      showError(err.message);
    } finally {
      el.feedSubmit.disabled = false;
    }
  }

  function route() {
    const id = location.hash.replace(/^#/, "");
    if (/^\d+$/.test(id)) openStory(id);
  }

  el.refresh.addEventListener("click", () => { loadList(); loadFeeds(); if (story) openStory(story.id); });
  el.feedForm.addEventListener("submit", follow);
  for (const control of [el.order, el.minArticles, el.since]) control.addEventListener("change", loadList);
  el.addForm.addEventListener("submit", add);
  el.addText.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) add(e); });
  window.addEventListener("hashchange", route);
  loadList().then(route);
  loadFeeds();
})();
