// Kotormo web editor: progressive enhancement of the server-rendered version
// editor. Every page works without this file; with it the editor gains
// autosave through the JSON API, a visible save status, conflict resolution
// that never drops typed text, unsaved text kept in localStorage across
// reloads, a live Markdown preview, a live look-alike letter check, and the
// shortcuts Ctrl+S (save) and Ctrl+Enter (submit for review).
// Plain ES2020, no build step, no inline code (the pages forbid it by CSP).
'use strict';

// Buttons with data-confirm ask before they act (Restore in the history).
document.addEventListener('click', (ev) => {
  const b = ev.target instanceof Element ? ev.target.closest('button[data-confirm]') : null;
  if (b && !window.confirm(b.dataset.confirm)) ev.preventDefault();
});

(() => {
  const form = document.getElementById('editor');
  if (!form) return;

  const AUTOSAVE_MS = 2000;
  const RETRY_MS = 10000;
  const DRAFT_MAX_AGE_MS = 30 * 24 * 3600 * 1000;

  const $ = (sel) => document.querySelector(sel);
  const statusEl = $('#status');
  const conflictEl = $('#conflict');
  const restoredEl = $('#restored');
  const previewEl = $('#preview');
  const submitBtn = $('#btn-submit');
  const baseInput = form.elements.namedItem('base_rev');
  const sourceInput = form.elements.namedItem('source_rev');
  const titleInput = form.elements.namedItem('title');
  const leadInput = form.elements.namedItem('lead');
  const placeInput = form.elements.namedItem('place');
  const release = form.dataset.release;
  const lang = form.dataset.lang;
  const locked = form.dataset.locked === 'true';
  const apiURL = form.dataset.api;
  const textURL = form.dataset.text;
  const prefix = `kotormo:draft:${release}:${lang}:`;

  // ---- text of the form -------------------------------------------------

  const paraAreas = () => Array.from(form.querySelectorAll('textarea[name="p"]'));
  const nl = (s) => String(s || '').replace(/\r\n?/g, '\n');
  const splitParas = (body) => nl(body).split(/\n[ \t]*\n/).map((p) => p.trim()).filter(Boolean);

  function content() {
    return {
      title: titleInput.value,
      lead: leadInput.value,
      place: placeInput ? placeInput.value : '',
      body: paraAreas().map((t) => nl(t.value).trim()).filter(Boolean).join('\n\n'),
    };
  }

  // normalized mirrors newsroom.Content.Normalize, so that equal texts compare equal.
  function normalized(c) {
    return {
      title: nl(c.title).trim(),
      lead: nl(c.lead).trim(),
      place: String(c.place || '').split(/\s+/).filter(Boolean).join(' '),
      body: splitParas(c.body).join('\n\n'),
    };
  }

  function same(a, b) {
    if (!a || !b) return false;
    const x = normalized(a);
    const y = normalized(b);
    return x.title === y.title && x.lead === y.lead && x.place === y.place && x.body === y.body;
  }

  // addRow appends an empty paragraph row to the side-by-side grid.
  function addRow() {
    const grid = form.querySelector('.align');
    const n = paraAreas().length + 1;
    const label = (form.dataset.paraLabel || '#').replace('#', String(n));
    if (!grid.classList.contains('single')) {
      const src = document.createElement('div');
      src.className = 'src none';
      const lbl = document.createElement('span');
      lbl.className = 'lbl';
      lbl.textContent = label;
      const txt = document.createElement('span');
      txt.className = 'srctext';
      src.append(lbl, txt);
      grid.append(src);
    }
    const tgt = document.createElement('div');
    tgt.className = 'tgt para';
    const l = document.createElement('label');
    l.htmlFor = `p-${n}`;
    l.textContent = label;
    const ta = document.createElement('textarea');
    ta.id = `p-${n}`;
    ta.name = 'p';
    ta.lang = lang;
    ta.rows = 3;
    tgt.append(l, ta);
    grid.append(tgt);
    return ta;
  }

  // ensureSpareRow keeps one empty paragraph box at the end for new text.
  function ensureSpareRow() {
    const areas = paraAreas();
    if (areas.length === 0 || areas[areas.length - 1].value.trim() !== '') addRow();
  }

  function setContent(c) {
    titleInput.value = c.title || '';
    leadInput.value = c.lead || '';
    if (placeInput) placeInput.value = c.place || '';
    const paras = splitParas(c.body);
    while (paraAreas().length < paras.length + 1) addRow();
    paraAreas().forEach((t, i) => { t.value = paras[i] || ''; });
    checkLookalikes();
  }

  // ---- status -------------------------------------------------------------

  function setStatus(kind, detail) {
    const text = statusEl.dataset[kind] || kind;
    statusEl.textContent = detail ? `${text}: ${detail}` : text;
    statusEl.className = `status status-${kind}`;
    statusEl.dataset.state = kind;
  }

  // ---- local drafts -------------------------------------------------------

  const keyFor = (rev) => prefix + rev;

  function storeDraft() {
    try {
      localStorage.setItem(keyFor(baseInput.value), JSON.stringify({ ...content(), at: Date.now() }));
    } catch (e) {
      // Storage full or disabled: the text is still in the form.
    }
  }

  function dropDraft(rev) {
    try { localStorage.removeItem(keyFor(rev)); } catch (e) { /* ignore */ }
  }

  function drafts() {
    const out = [];
    try {
      for (let i = 0; i < localStorage.length; i++) {
        const k = localStorage.key(i);
        if (!k || !k.startsWith(prefix)) continue;
        try {
          const d = JSON.parse(localStorage.getItem(k));
          out.push({ key: k, rev: Number(k.slice(prefix.length)), data: d });
        } catch (e) {
          localStorage.removeItem(k);
        }
      }
    } catch (e) { /* storage unavailable */ }
    return out.sort((a, b) => (b.data.at || 0) - (a.data.at || 0));
  }

  // ---- saving -------------------------------------------------------------

  let saved = null; // the text the server holds at baseInput.value
  let timer = null;
  let inflight = null;
  let again = false;
  let conflict = null; // {rev, theirs, oldRev} while a conflict is shown
  let submitting = false;

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(save, ms);
  }

  // The state badge follows the version's state as saves and conflicts
  // reveal it (a save puts an approved text back to draft, say); the
  // localized badges come from a <template> in the page.
  const SUBMITTABLE = ['untranslated', 'draft', 'changes_requested'];
  const stateBadge = $('#state-badge');
  const stateBadges = $('#state-badges');
  function showState(state) {
    // Everything that depends on the state follows it: the Submit button
    // (and so Ctrl+Enter) appear when a save turns a published text into a draft.
    if (submitBtn && typeof state === 'string') submitBtn.hidden = !SUBMITTABLE.includes(state);
    // "Saving reopens this approved/published text" no longer applies to a draft.
    const reopens = $('#reopens');
    if (reopens && typeof state === 'string') reopens.hidden = state !== 'approved' && state !== 'published';
    if (!stateBadge || !stateBadges || typeof state !== 'string' || state === stateBadge.dataset.state) return;
    const b = stateBadges.content.querySelector(`[data-state="${CSS.escape(state)}"]`);
    if (!b) return;
    stateBadge.className = b.className;
    stateBadge.textContent = b.textContent;
    stateBadge.dataset.state = state;
  }

  function revOf(v) {
    if (v && Number.isInteger(v.rev)) return v.rev;
    if (v && v.version && Number.isInteger(v.version.rev)) return v.version.rev;
    return null;
  }

  async function currentRev() {
    const res = await fetch(textURL, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!res.ok) return null;
    const j = await res.json();
    return Number.isInteger(j.current_rev) ? j.current_rev : null;
  }

  // save saves the form now if it differs from the saved text. It resolves
  // to true when the server holds the form's text.
  async function save() {
    clearTimeout(timer);
    if (locked || conflict || submitting) return false;
    if (inflight) {
      again = true;
      return inflight;
    }
    const c = content();
    if (same(c, saved)) {
      dropDraft(baseInput.value);
      setStatus('saved');
      return true;
    }
    if (!c.title.trim()) {
      setStatus('unsaved');
      return false;
    }
    inflight = put(c).finally(() => { inflight = null; });
    const ok = await inflight;
    if (again) {
      again = false;
      if (ok) return save();
    }
    return ok;
  }

  async function put(c) {
    const base = Number(baseInput.value);
    const body = { base_rev: base, title: c.title, lead: c.lead, body: c.body, place: c.place || '' };
    const src = Number(sourceInput.value);
    if (src > 0) body.source_rev = src;
    setStatus('saving');
    let res;
    try {
      res = await fetch(apiURL, {
        method: 'PUT',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (e) {
      setStatus('offline');
      schedule(RETRY_MS);
      return false;
    }
    let j = null;
    try { j = await res.json(); } catch (e) { /* not JSON */ }
    if (res.ok) {
      showState(j && j.state);
      let rev = revOf(j);
      if (rev === null) rev = await currentRev().catch(() => null);
      if (rev === null) rev = base + 1;
      dropDraft(base);
      baseInput.value = String(rev);
      saved = c;
      showSaved(rev, c);
      if (!same(content(), c)) {
        // Typed while saving: keep the newer text and save it too.
        storeDraft();
        setStatus('unsaved');
        schedule(AUTOSAVE_MS);
      } else {
        setStatus('saved');
      }
      return true;
    }
    const err = (j && j.error) || {};
    if (res.status === 409) showState(err.current_state);
    if (res.status === 409 && Number.isInteger(err.current_rev) && err.current_rev !== base) {
      await showConflict(err.current_rev, c, base);
      return false;
    }
    if (res.status === 409) {
      setStatus('locked');
      return false;
    }
    if (res.status >= 500 || res.status === 0) {
      setStatus('offline');
      schedule(RETRY_MS);
      return false;
    }
    setStatus('error', err.message || String(res.status));
    return false;
  }

  // showSaved brings the heading and the revision label up to date after
  // a save of revision rev with text c.
  function showSaved(rev, c) {
    const label = $('#rev-label');
    if (label && conflictEl.dataset.revLabel) label.textContent = conflictEl.dataset.revLabel.replace('#', String(rev));
    const h = $('#h-title');
    if (h && c.title) h.textContent = c.title;
  }

  // ---- newer revisions saved elsewhere ------------------------------------

  // pollNewer asks the server now and then whether someone else saved a
  // newer revision. An untouched form takes the newer text at once; typed
  // text is never replaced: the conflict view opens, so that the next
  // keystroke is not lost to a later save. Either way the page says so.
  const POLL_MS = 5000;
  const newerEl = $('#newer');
  async function pollNewer() {
    if (locked || conflict || submitting || inflight || form.dataset.poll === 'off') return;
    const base = Number(baseInput.value);
    let j;
    try {
      const res = await fetch(textURL, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!res.ok) return;
      j = await res.json();
    } catch (e) {
      return;
    }
    if (!Number.isInteger(j.current_rev) || j.current_rev <= Number(baseInput.value) || inflight || conflict) return;
    if (newerEl) {
      newerEl.textContent = (newerEl.dataset.text || '#').replace('#', String(j.current_rev));
      newerEl.hidden = false;
    }
    showState(j.state);
    if (same(content(), saved)) {
      let theirs;
      try { theirs = await theirText(j.current_rev); } catch (e) { return; }
      setContent(theirs);
      saved = content();
      baseInput.value = String(j.current_rev);
      showSaved(j.current_rev, saved);
      setStatus('saved');
    } else {
      await showConflict(j.current_rev, content(), base);
    }
  }

  // ---- conflicts ----------------------------------------------------------

  // theirText fetches the current text of this version: from the JSON API's
  // release, else from the editor's own text endpoint.
  async function theirText(rev) {
    try {
      const res = await fetch(`/api/v1/releases/${encodeURIComponent(release)}`, {
        credentials: 'same-origin', headers: { Accept: 'application/json' },
      });
      if (res.ok) {
        const r = await res.json();
        const v = r && r.versions && r.versions[lang];
        if (v && typeof v.body === 'string') {
          return { rev: v.rev, title: v.title || '', lead: v.lead || '', place: v.place || '', body: v.body, author: v.last_saver_name || '' };
        }
      }
    } catch (e) { /* fall back below */ }
    const res = await fetch(`${textURL}?rev=${encodeURIComponent(rev)}`, {
      credentials: 'same-origin', headers: { Accept: 'application/json' },
    });
    if (!res.ok) throw new Error(String(res.status));
    const t = await res.json();
    return { rev: t.rev, title: t.title, lead: t.lead, place: t.place || '', body: t.body, author: t.author || '' };
  }

  function fillSide(side, c) {
    $(`#${side}-title`).value = c.title || '';
    $(`#${side}-lead`).value = c.lead || '';
    $(`#${side}-body`).value = c.body || '';
  }

  // showConflict shows their text next to the user's. mine stays in the
  // form and in localStorage under oldRev until the user chooses.
  async function showConflict(rev, mine, oldRev) {
    conflict = { rev, theirs: null, oldRev };
    setStatus('conflict');
    let theirs = null;
    try {
      theirs = await theirText(rev);
    } catch (e) {
      theirs = null;
    }
    if (theirs && Number.isInteger(theirs.rev)) conflict.rev = theirs.rev;
    conflict.theirs = theirs;
    fillSide('your', mine);
    if (theirs) {
      fillSide('their', theirs);
      const meta = $('#their-meta');
      const revLabel = (conflictEl.dataset.revLabel || '#').replace('#', String(conflict.rev));
      if (meta) meta.textContent = `${revLabel}${theirs.author ? ` · ${theirs.author}` : ''}`;
    }
    if (theirs) showDiff(theirs, mine);
    conflictEl.hidden = false;
    conflictEl.focus();
  }

  // ---- the conflict's differences, part by part ---------------------------

  // words splits text into words and the spaces between them.
  const words = (s) => String(s || '').split(/(\s+)/).filter((w) => w !== '');

  // wordDiff returns the operations turning a into b: [kind, text] with kind
  // '=' (both), '-' (only in a) or '+' (only in b). Past MAX_WORDS words a
  // side the whole part is shown as replaced: the table is quadratic.
  const MAX_WORDS = 1500;
  function wordDiff(a, b) {
    const x = words(a);
    const y = words(b);
    if (x.length > MAX_WORDS || y.length > MAX_WORDS) return [['-', a], ['+', b]];
    const n = x.length;
    const m = y.length;
    const L = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        L[i][j] = x[i] === y[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
      }
    }
    const ops = [];
    const push = (k, t) => {
      if (ops.length && ops[ops.length - 1][0] === k) ops[ops.length - 1][1] += t;
      else ops.push([k, t]);
    };
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (x[i] === y[j]) {
        push('=', x[i]); i++; j++;
      } else if (L[i + 1][j] >= L[i][j + 1]) {
        push('-', x[i]); i++;
      } else {
        push('+', y[j]); j++;
      }
    }
    while (i < n) push('-', x[i++]);
    while (j < m) push('+', y[j++]);
    return ops;
  }

  // showDiff lists the parts (title, lead, paragraphs) where their text and
  // the user's differ, word by word (their text against mine), each with a
  // choice of side. Choosing puts that side's text into the form; the user's
  // whole text stays in localStorage and in the "your version" box until
  // they save.
  function showDiff(theirs, mine) {
    const box = $('#conflict-diff');
    if (!box) return;
    box.textContent = '';
    const ui = document.documentElement.lang;
    const tp = splitParas(theirs.body);
    const mp = splitParas(mine.body);
    const parts = [
      { label: box.dataset.title, a: theirs.title || '', b: mine.title || '', field: titleInput },
      { label: box.dataset.lead, a: theirs.lead || '', b: mine.lead || '', field: leadInput },
    ];
    if (placeInput && (theirs.place !== undefined || mine.place !== undefined)) {
      parts.splice(1, 0, { label: box.dataset.place, a: theirs.place || '', b: mine.place || '', field: placeInput });
    }
    for (let i = 0; i < Math.max(tp.length, mp.length); i++) {
      parts.push({ label: (box.dataset.para || '#').replace('#', String(i + 1)), a: tp[i] || '', b: mp[i] || '', para: i });
    }
    let shown = 0;
    for (const p of parts) {
      if (p.a === p.b) continue;
      shown++;
      const row = document.createElement('div');
      row.className = 'cd-part';
      const h = document.createElement('h4');
      h.lang = ui;
      h.textContent = p.label;
      const text = document.createElement('p');
      text.className = 'cd-text';
      for (const [k, t] of wordDiff(p.a, p.b)) {
        const el = document.createElement(k === '=' ? 'span' : (k === '-' ? 'del' : 'ins'));
        el.textContent = t;
        text.append(el);
      }
      const take = (value, side) => () => {
        if (p.field) {
          p.field.value = value;
        } else {
          while (paraAreas().length <= p.para) addRow();
          paraAreas()[p.para].value = value;
        }
        row.dataset.chosen = side;
        onInput({ target: p.field || paraAreas()[p.para] });
      };
      const buttons = document.createElement('div');
      buttons.className = 'buttons';
      buttons.lang = ui;
      for (const [cls, label, value, side] of [['cd-theirs', box.dataset.theirs, p.a, 'theirs'], ['cd-mine', box.dataset.mine, p.b, 'mine']]) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = `small ${cls}`;
        b.textContent = label;
        b.addEventListener('click', take(value, side));
        buttons.append(b);
      }
      row.append(h, text, buttons);
      box.append(row);
    }
    if (!shown) {
      const p = document.createElement('p');
      p.lang = ui;
      p.textContent = box.dataset.same;
      box.append(p);
    }
    box.hidden = false;
  }

  function keepMine(ev) {
    ev.preventDefault();
    const c = conflict;
    conflictEl.hidden = true;
    conflict = null;
    if (c) {
      dropDraft(c.oldRev);
      baseInput.value = String(c.rev);
      saved = c.theirs;
      storeDraft();
    }
    save();
  }

  function useTheirs(ev) {
    const c = conflict;
    if (!c || !c.theirs) {
      // The server's conflict page: the link reloads the editor with their text.
      for (const d of drafts()) dropDraft(d.rev);
      return;
    }
    ev.preventDefault();
    dropDraft(c.oldRev);
    baseInput.value = String(c.rev);
    setContent(c.theirs);
    saved = content();
    conflict = null;
    conflictEl.hidden = true;
    setStatus('saved');
  }

  // ---- preview ------------------------------------------------------------

  let previewTimer = null;

  async function preview() {
    const c = content();
    previewEl.hidden = false;
    previewEl.querySelector('.pv-title').textContent = c.title;
    previewEl.querySelector('.pv-lead').textContent = c.lead;
    try {
      const res = await fetch('/app/preview', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ body: c.body }),
      });
      if (!res.ok) {
        // A body over a rendering limit: show the server's message instead.
        const j = await res.json().catch(() => null);
        previewEl.querySelector('.pv-body').textContent = (j && j.error && j.error.message) || '';
        return;
      }
      const j = await res.json();
      // Sanitized by the server (internal/render).
      previewEl.querySelector('.pv-body').innerHTML = j.html;
    } catch (e) { /* offline: the status says so on the next save */ }
  }

  // ---- look-alike letters --------------------------------------------------

  const cyr = /\p{Script=Cyrillic}/u;
  const lookalike = /[aceopxyABCEHKMOPTX]/;

  function checkLookalikes() {
    const box = $('#qa-live');
    if (!box) return;
    const c = content();
    const words = [];
    for (const w of `${c.title}\n${c.lead}\n${c.body}`.split(/[^\p{L}\p{Mn}]+/u)) {
      if (w && cyr.test(w) && lookalike.test(w) && !words.includes(w)) words.push(w);
    }
    const server = $('#qa-lookalikes');
    if (server) server.hidden = true;
    box.querySelector('.qa-words').textContent = words.join(', ');
    box.hidden = words.length === 0;
  }

  // ---- wiring -------------------------------------------------------------

  function onInput(ev) {
    if (locked) return;
    if (ev.target && ev.target.name === 'p') ensureSpareRow();
    storeDraft();
    if (!conflict) {
      setStatus('unsaved');
      schedule(AUTOSAVE_MS);
    }
    if (!previewEl.hidden) {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(preview, 600);
    }
    clearTimeout(checkLookalikes.t);
    checkLookalikes.t = setTimeout(checkLookalikes, 400);
  }

  async function submitForReview() {
    if (!submitBtn || submitBtn.hidden || submitting) return;
    const ok = await save();
    if (!ok) return;
    submitting = true;
    dropDraft(baseInput.value);
    // form.submit() posts without another submit event; the hidden field
    // stands in for the button the form would otherwise send.
    const op = document.createElement('input');
    op.type = 'hidden';
    op.name = 'op';
    op.value = 'submit';
    form.append(op);
    HTMLFormElement.prototype.submit.call(form);
  }

  // The title is one line that wraps: Enter does not break it, and pasted
  // line breaks become spaces.
  titleInput.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !(ev.ctrlKey || ev.metaKey)) ev.preventDefault();
  });
  titleInput.addEventListener('input', () => {
    if (/[\r\n]/.test(titleInput.value)) titleInput.value = titleInput.value.replace(/[\r\n]+/g, ' ');
  });
  form.addEventListener('input', onInput);
  form.addEventListener('submit', (ev) => {
    const op = ev.submitter ? ev.submitter.value : 'save';
    if (submitting) return; // let the form post
    if (op === 'preview') {
      ev.preventDefault();
      preview().then(() => previewEl.scrollIntoView({ block: 'start' }));
    } else if (op === 'submit') {
      ev.preventDefault();
      submitForReview();
    } else if (op === 'save') {
      ev.preventDefault();
      if (conflict || !conflictEl.hidden) {
        keepMine(ev);
        return;
      }
      save();
    }
  });
  const keep = $('#keep-mine');
  if (keep) keep.addEventListener('click', keepMine);
  const theirs = $('#use-theirs');
  if (theirs) theirs.addEventListener('click', useTheirs);
  const discard = $('#discard-local');
  if (discard) {
    discard.addEventListener('click', () => {
      for (const d of drafts()) dropDraft(d.rev);
      window.location.reload();
    });
  }

  document.addEventListener('keydown', (ev) => {
    if (!(ev.ctrlKey || ev.metaKey)) return;
    if (ev.key === 's' || ev.key === 'S') {
      ev.preventDefault();
      if (conflict) return;
      save();
    } else if (ev.key === 'Enter') {
      ev.preventDefault();
      submitForReview();
    }
  });
  window.addEventListener('online', () => {
    if (!same(content(), saved)) save();
  });
  window.addEventListener('offline', () => setStatus('offline'));

  // ---- start --------------------------------------------------------------

  if (locked) return;
  const serverConflict = !conflictEl.hidden;
  if (serverConflict) {
    // The server refused a stale form post and shows both texts already;
    // the form holds the user's text, based on the current revision.
    conflict = null;
    saved = null;
    setStatus('conflict');
    storeDraft();
    const side = (n) => ({ title: $(`#${n}-title`).value, lead: $(`#${n}-lead`).value, body: $(`#${n}-body`).value });
    showDiff(side('their'), side('your'));
  } else {
    saved = content();
  }

  // Restore text that was typed but never saved.
  const now = Date.now();
  const base = Number(baseInput.value);
  let handled = false;
  for (const d of drafts()) {
    if (now - (d.data.at || 0) > DRAFT_MAX_AGE_MS || same(d.data, content())) {
      if (!(serverConflict && d.rev === base)) dropDraft(d.rev);
      continue;
    }
    if (handled || serverConflict) continue;
    handled = true;
    if (d.rev === base) {
      setContent(d.data);
      restoredEl.hidden = false;
      setStatus('unsaved');
      schedule(AUTOSAVE_MS);
    } else {
      // Typed on an older revision that someone has since replaced.
      const mine = d.data;
      const serverText = content();
      setContent(mine);
      conflict = { rev: base, theirs: serverText, oldRev: d.rev };
      fillSide('their', serverText);
      fillSide('your', mine);
      restoredEl.hidden = false;
      conflictEl.hidden = false;
      setStatus('conflict');
    }
  }
  ensureSpareRow();
  setInterval(pollNewer, POLL_MS);
})();
