// Kotormo translator's assistant, beside a translation in the editor:
// translation-memory matches under each field (insert with a click or
// Ctrl+1…Ctrl+3, like typing: autosave follows; a whole-field match, also
// one assembled from sentence matches, replaces the field's text, a match
// for one sentence goes in at the cursor, replacing any selected text, so
// the translator puts each sentence where it belongs), the figures and names an
// inserted match gets wrong, quality-check findings next to their paragraph,
// paragraphs filled from memory, live progress, glossary terms highlighted
// in the source with their approved translation, Ctrl+Enter to go to the next
// empty or flagged paragraph and Ctrl+Insert to copy the source into a field.
// Plain ES2020, no build step, no inline code (the pages forbid it by CSP).
'use strict';

(() => {
  const panel = document.getElementById('assistant');
  const form = document.getElementById('editor');
  if (!panel || !form) return;
  const L = panel.dataset;
  const matchesFor = new Map();

  const paras = () => Array.from(form.querySelectorAll('textarea[name="p"]'));
  const fieldOf = (f, i) => {
    if (f === 'title') return form.elements.namedItem('title');
    if (f === 'lead') return form.elements.namedItem('lead');
    return document.getElementById(`p-${i + 1}`);
  };
  // sourceOf returns the source text shown beside a target field.
  const sourceOf = (el) => {
    const tgt = el.closest('.tgt');
    const src = tgt && tgt.previousElementSibling;
    const txt = src && src.classList.contains('src') ? src.querySelector('.srctext') : null;
    return txt ? txt.textContent : '';
  };
  // slot returns the container under a field for the assistant's notes.
  const slot = (el, cls) => {
    const tgt = el.closest('.tgt') || el.parentElement;
    let s = tgt.querySelector(`:scope > .${cls}`);
    if (!s) {
      s = document.createElement('div');
      s.className = cls;
      tgt.append(s);
    }
    return s;
  };

  function setText(el, text) {
    el.value = text;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }

  function diffView(ops) {
    const p = document.createElement('p');
    p.className = 'tm-diff';
    for (const op of ops || []) {
      const tag = op.kind === 'insert' ? 'ins' : op.kind === 'delete' ? 'del' : 'span';
      const n = document.createElement(tag);
      n.textContent = op.text;
      p.append(n);
    }
    return p;
  }

  // insertAtCursor puts text at the field's cursor, in place of its
  // selection, with a space between it and the words around it.
  function insertAtCursor(el, text) {
    const v = el.value;
    const start = el.selectionStart == null ? v.length : el.selectionStart;
    const end = el.selectionEnd == null ? start : el.selectionEnd;
    const before = v.slice(0, start);
    const after = v.slice(end);
    let t = text;
    if (before && !/\s$/.test(before)) t = ` ${t}`;
    if (after && !/^\s/.test(after)) t = `${t} `;
    setText(el, before + t + after);
    el.setSelectionRange(before.length + t.length, before.length + t.length);
  }

  function insert(el, k) {
    const ms = matchesFor.get(el);
    const m = ms && ms[k];
    if (!m || el.readOnly) return;
    if (m.unit === 'sentence') insertAtCursor(el, m.entry.target);
    else setText(el, m.entry.target);
    const note = slot(el, 'tm-flags');
    note.textContent = '';
    if (m.differs && m.differs.length) {
      note.textContent = `${L.lDiffers} ${m.differs.join(', ')}`;
      el.classList.add('tm-flagged');
    } else {
      el.classList.remove('tm-flagged');
    }
    el.focus();
  }

  function showMatches(el, ms) {
    matchesFor.set(el, ms);
    const box = slot(el, 'tm');
    box.textContent = '';
    box.setAttribute('aria-label', L.lMatches);
    ms.forEach((m, k) => {
      const item = document.createElement('div');
      item.className = `tm-match score-${m.score >= 100 ? 'exact' : 'fuzzy'}`;
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'tm-insert';
      b.dataset.score = String(m.score);
      b.textContent = k < 3 ? `${m.score}% · ${L.lInsert} (Ctrl+${k + 1})` : `${m.score}% · ${L.lInsert}`;
      b.addEventListener('click', () => insert(el, k));
      item.dataset.unit = m.unit || 'segment';
      if (m.unit === 'sentence' && m.sentence) {
        // The sentence of the source this match answers.
        b.title = L.lInsertSentence;
        const which = document.createElement('p');
        which.className = 'tm-sentence';
        which.append(`${L.lSentence} ${m.sentence.index + 1}: `);
        const q = document.createElement('q');
        q.textContent = m.sentence.text;
        which.append(q);
        item.append(which);
      } else if (m.unit === 'assembled') {
        const note = document.createElement('p');
        note.className = 'tm-assembled';
        note.textContent = L.lAssembled;
        item.append(note);
      }
      const t = document.createElement('p');
      t.className = 'tm-target';
      t.lang = m.entry.target_lang;
      t.textContent = m.entry.target;
      item.prepend(b);
      item.append(t);
      if (m.score < 100) item.append(diffView(m.diff));
      box.append(item);
    });
  }

  async function loadMatches() {
    try {
      const r = await fetch(L.matches, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!r.ok) return;
      const data = await r.json();
      for (const seg of data.segments || []) {
        const el = fieldOf(seg.field, seg.paragraph);
        if (el && seg.matches && seg.matches.length) showMatches(el, seg.matches); // the server bounds them
      }
      panel.dataset.loaded = 'true';
    } catch (e) { /* the editor works without matches */ }
  }

  // Quality-check findings and memory marks next to their fields.
  function placeFindings() {
    for (const li of panel.querySelectorAll('.qa-item')) {
      const p = Number(li.dataset.paragraph);
      if (li.dataset.field === 'body' && p < 0) continue;
      const el = fieldOf(li.dataset.field, p);
      if (!el) continue;
      const note = li.cloneNode(true);
      note.classList.add('qa-inline');
      slot(el, 'qa-notes').append(note);
      if (li.classList.contains('qa-error')) el.classList.add('qa-flagged');
    }
    const from = (L.fromMemory || '').split(',').filter(Boolean).map(Number);
    for (const i of from) {
      const el = fieldOf('body', i);
      if (el) {
        const s = slot(el, 'tm-from');
        s.textContent = L.lFromMemory;
        el.dataset.fromMemory = 'true';
      }
    }
  }

  function progress() {
    const count = document.getElementById('progress-count');
    if (!count) return;
    let done = 0;
    let total = 0;
    for (const el of paras()) {
      const src = sourceOf(el).trim();
      if (!src) continue;
      total++;
      const v = el.value.trim();
      if (v && v !== src) done++;
    }
    count.textContent = `${done}/${total}`;
  }

  function nextParagraph(from) {
    const all = paras();
    const start = all.indexOf(from);
    for (let k = 1; k < all.length; k++) {
      const el = all[(start + k) % all.length];
      const src = sourceOf(el).trim();
      const v = el.value.trim();
      // Empty, or still the source copied in to hold its place.
      const untranslated = src && (!v || v === src);
      if (untranslated || el.classList.contains('qa-flagged') || el.classList.contains('tm-flagged')) return el;
    }
    return null;
  }

  form.addEventListener('keydown', (ev) => {
    if (!(ev.ctrlKey || ev.metaKey)) return;
    const el = ev.target;
    if (!(el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement)) return;
    if (['1', '2', '3'].includes(ev.key) && matchesFor.has(el)) {
      ev.preventDefault();
      insert(el, Number(ev.key) - 1);
    } else if (ev.key === 'Enter' && el.name === 'p') {
      // Done with this paragraph: go to the next empty or flagged one.
      // When there is none, Ctrl+Enter submits for review as before.
      el.classList.remove('tm-flagged', 'qa-flagged');
      const next = nextParagraph(el);
      if (next) {
        ev.preventDefault();
        ev.stopPropagation();
        next.focus();
      }
    } else if (ev.key === 'Insert' && !el.readOnly) {
      ev.preventDefault();
      const src = sourceOf(el);
      if (src) setText(el, src);
    }
  });
  form.addEventListener('input', (ev) => {
    // An edited field's findings are from the text before the edit.
    if (ev.target.classList) ev.target.classList.remove('qa-flagged');
    progress();
  });

  const pre = document.getElementById('pretranslate-form');
  if (pre) {
    pre.addEventListener('submit', () => {
      pre.elements.namedItem('base_rev').value = form.elements.namedItem('base_rev').value;
    });
  }

  // Glossary terms in the source pane, with their approved translation.
  async function highlightTerms() {
    let terms;
    try {
      const r = await fetch(L.glossary, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!r.ok) return;
      terms = (await r.json()).terms || [];
    } catch (e) { return; }
    if (!terms.length) return;
    const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const byKey = new Map();
    const alts = terms.map((t) => {
      byKey.set(t.source.toLowerCase(), t);
      return esc(t.source) + (t.word_forms ? '\\p{L}*' : '');
    });
    const re = new RegExp(`(?<![\\p{L}\\p{N}])(${alts.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
    const lookup = (found) => {
      const f = found.toLowerCase();
      for (const [k, t] of byKey) if (f === k || (t.word_forms && f.startsWith(k))) return t;
      return null;
    };
    for (const span of document.querySelectorAll('.src .srctext')) {
      const text = span.textContent;
      re.lastIndex = 0;
      if (!re.test(text)) continue;
      re.lastIndex = 0;
      const frag = document.createDocumentFragment();
      let last = 0;
      for (const m of text.matchAll(re)) {
        const t = lookup(m[1]);
        if (!t || (t.case_sensitive && !m[1].startsWith(t.source))) continue;
        frag.append(text.slice(last, m.index));
        const mark = document.createElement('mark');
        mark.className = 'term';
        mark.tabIndex = 0;
        mark.title = t.translations.join(' · ');
        mark.dataset.translation = t.translations[0];
        mark.textContent = m[1];
        frag.append(mark);
        last = m.index + m[1].length;
      }
      frag.append(text.slice(last));
      span.textContent = '';
      span.append(frag);
    }
  }

  placeFindings();
  progress();
  loadMatches();
  highlightTerms();
})();
