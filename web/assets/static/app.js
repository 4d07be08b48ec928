// provcheck's local page. Everything shown is built with DOM calls and
// textContent from the API's JSON: data never becomes HTML markup.
'use strict';

(function () {
  const api = { scan: '/api/v1/scan?view=1', report: '/api/v1/report?format=' };
  let token = '';
  let lastReport = null;
  let busy = false;

  // el builds an element: attrs sets attributes ('class' and 'text' are
  // shortcuts), children are nodes or strings (strings become text nodes).
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = String(v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      e.append(typeof c === 'string' || typeof c === 'number' ? String(c) : c);
    }
    return e;
  }

  const $ = (id) => document.getElementById(id);

  function setStatus(msg, kind) {
    const s = $('status');
    s.textContent = msg || '';
    s.className = 'status' + (kind ? ' ' + kind : '');
  }

  // Verdict meanings come from the page's legend, written by the server.
  function meaning(verdict) {
    const dd = document.querySelector('#verdict-meanings dd[data-verdict="' + CSS.escape(verdict) + '"]');
    return dd ? dd.textContent : '';
  }

  function headers(extra) {
    const h = Object.assign({}, extra || {});
    if (token) h.Authorization = 'Bearer ' + token;
    return h;
  }

  async function errorText(resp) {
    try {
      const j = await resp.json();
      if (j && j.error) return j.error;
    } catch (e) { /* not JSON */ }
    return resp.status + ' ' + resp.statusText;
  }

  function needToken() {
    const f = $('token-form');
    f.hidden = false;
    $('token').focus();
    setStatus('This server needs an access token: type it, then try again.', 'error');
  }

  // ---- sending ----

  async function send(body, what) {
    if (busy) {
      setStatus('Still checking the previous files…', 'error');
      return;
    }
    token = $('token').value.trim();
    busy = true;
    document.body.classList.add('busy');
    setStatus('Checking ' + what + '…');
    try {
      const resp = await fetch(api.scan, { method: 'POST', body, headers: headers(), credentials: 'same-origin' });
      if (resp.status === 401) { needToken(); return; }
      if (!resp.ok) {
        const msg = await errorText(resp);
        const hint = resp.status === 413 ? ' (too large)' : resp.status === 503 ? ' (busy)' : '';
        setStatus('Could not check ' + what + hint + ': ' + msg, 'error');
        return;
      }
      const data = await resp.json();
      render(data);
      setStatus('Checked ' + what + '.');
    } catch (e) {
      setStatus('Could not reach the provcheck program: ' + e.message, 'error');
    } finally {
      busy = false;
      document.body.classList.remove('busy');
    }
  }

  // The server's limits, from the page, so a file too large is refused
  // here with a clear message instead of a cut connection.
  function limits() {
    const f = $('file-form');
    return {
      file: Number(f.getAttribute('data-max-file')) || Infinity,
      request: Number(f.getAttribute('data-max-request')) || Infinity,
      files: Number(f.getAttribute('data-max-files')) || Infinity,
    };
  }

  function mib(n) { return (n / 1048576).toFixed(n < 10485760 ? 1 : 0) + ' MiB'; }

  function sendFiles(files) {
    const list = Array.from(files || []);
    if (!list.length) return;
    const lim = limits();
    if (list.length > lim.files) {
      setStatus('Too many files at once: ' + list.length + ' (at most ' + lim.files + '). Drop them in smaller groups.', 'error');
      return;
    }
    const big = list.find((f) => f.size > lim.file);
    if (big) {
      setStatus(big.name + ' is too large: ' + mib(big.size) + ' (at most ' + mib(lim.file) + ' per file).', 'error');
      return;
    }
    const total = list.reduce((n, f) => n + f.size, 0);
    if (total > lim.request - 65536) {
      setStatus('These files are too large together: ' + mib(total) + ' (at most ' + mib(lim.request) + ' at once). Drop them in smaller groups.', 'error');
      return;
    }
    const fd = new FormData();
    for (const f of list) fd.append('file', f, f.name);
    send(fd, list.length === 1 ? '1 file' : list.length + ' files');
  }

  function sendText(text) {
    if (!text.trim()) {
      setStatus('Paste some text first.', 'error');
      $('text').focus();
      return;
    }
    const fd = new FormData();
    // As a blob, so the browser sends the text byte for byte (a plain
    // string field would have its line breaks rewritten).
    fd.append('text', new Blob([text], { type: 'text/plain;charset=utf-8' }), 'pasted text');
    send(fd, 'the pasted text');
  }

  async function download(format) {
    if (!lastReport) return;
    token = $('token').value.trim();
    try {
      const resp = await fetch(api.report + encodeURIComponent(format), {
        method: 'POST',
        body: JSON.stringify(lastReport),
        headers: headers({ 'Content-Type': 'application/json' }),
      });
      if (resp.status === 401) { needToken(); return; }
      if (!resp.ok) { setStatus('Download failed: ' + await errorText(resp), 'error'); return; }
      const blob = await resp.blob();
      const url = URL.createObjectURL(blob);
      const a = el('a', { href: url, download: 'provcheck-report.' + format });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (e) {
      setStatus('Download failed: ' + e.message, 'error');
    }
  }

  // ---- rendering ----

  function render(data) {
    const view = Array.isArray(data.view) ? data.view : [];
    lastReport = Object.assign({}, data);
    delete lastReport.view;

    const files = data.files || [];
    const sum = data.summary || {};
    const results = $('results');
    results.hidden = false;
    $('summary').textContent = (sum.files || 0) + (sum.files === 1 ? ' file' : ' files') +
      ' checked · ' + (sum.review || 0) + ' to review · ' + (sum.errors || 0) + ' unreadable';

    const list = $('file-list');
    const cards = $('cards');
    list.replaceChildren();
    cards.replaceChildren();
    list.hidden = files.length < 2;
    files.forEach((f, i) => {
      const id = 'file-' + i;
      list.append(el('li', {},
        el('a', { href: '#' + id }, f.path || '(unnamed)'), ' ',
        badge(f.verdict), f.review ? el('span', { class: 'flag', text: 'review' }) : null));
      cards.append(card(f, view[i] || {}, id));
    });
    results.focus();
  }

  function badge(verdict) {
    return el('span', { class: 'badge verdict verdict-' + verdict, 'data-verdict': verdict, text: verdict });
  }

  function card(f, v, id) {
    const head = el('header', { class: 'card-head' },
      v.thumbnail ? el('img', { class: 'thumb', src: v.thumbnail, alt: 'Preview of ' + f.path }) :
        el('div', { class: 'thumb none', text: f.mediaType && f.mediaType.startsWith('text/') ? 'Aa' : '—', 'aria-hidden': 'true' }),
      el('div', { class: 'card-title' },
        el('h3', { id: id + '-h', text: f.path || '(unnamed)' }),
        el('p', { class: 'verdict-line' },
          badge(f.verdict),
          el('span', { class: 'score', text: 'score ' + Number(f.score || 0).toFixed(2) }),
          f.review ? el('span', { class: 'flag', text: 'needs review' }) : el('span', { class: 'flag ok', text: 'no review flag' })),
        el('p', { class: 'meaning', text: meaning(f.verdict) })));

    const body = [];
    if (f.reasons && f.reasons.length) {
      body.push(el('section', { class: 'reasons' }, el('h4', { text: 'Why a human should look' }),
        el('ul', {}, f.reasons.map((r) => el('li', { text: r })))));
    }
    body.push(signalsSection(f.signals || []));
    const reveal = revealSection(f.signals || [], id);
    if (reveal) body.push(reveal);
    body.push(c2paSection((f.provenance && f.provenance.c2pa) || { state: 'none' }));
    if ((f.errors && f.errors.length) || (f.warnings && f.warnings.length)) body.push(problemsSection(f));
    body.push(detailsSection(f, v));

    return el('article', { class: 'card', id, 'aria-labelledby': id + '-h' }, head, body);
  }

  function signalsSection(signals) {
    const s = el('section', { class: 'signals' }, el('h4', { text: 'Evidence (' + signals.length + ')' }));
    if (!signals.length) {
      s.append(el('p', { class: 'muted', text: 'No provenance signal was found. That proves nothing either way: most files carry no provenance at all.' }));
      return s;
    }
    const ul = el('ul', { class: 'signal-list' });
    for (const sig of signals) {
      const tags = el('p', { class: 'tags' },
        el('span', { class: 'tag dir-' + sig.direction, text: sig.direction }),
        el('span', { class: 'tag', text: sig.strength }),
        el('span', { class: 'tag', text: 'weight ' + Number(sig.weight || 0).toFixed(1) }),
        sig.verified ? el('span', { class: 'tag verified', text: 'signed' }) : null,
        el('code', { class: 'sig-id', text: sig.id }));
      const li = el('li', { class: 'signal' }, el('p', { class: 'sig-msg', text: sig.message }), tags);
      if (sig.explanation) li.append(el('p', { class: 'explain', text: sig.explanation }));
      // The reveal excerpts are drawn as text below, not as a table cell.
      const evidence = Object.entries(sig.evidence || {}).filter(([k]) => k !== 'reveal');
      if (evidence.length) {
        li.append(el('details', { class: 'evidence' }, el('summary', { text: 'Where it was found' }),
          kvTable(evidence)));
      }
      ul.append(li);
    }
    s.append(ul);
    return s;
  }

  // ---- the reveal view ----

  // revealClasses reads the classes of highlighted characters from the
  // page's legend, which the server writes from the report model.
  function revealClasses() {
    const out = new Map();
    for (const dt of document.querySelectorAll('#reveal-classes dt[data-class]')) {
      const cls = dt.getAttribute('data-class');
      const dd = document.querySelector('#reveal-classes dd[data-class="' + CSS.escape(cls) + '"]');
      out.set(cls, { title: dt.textContent.trim(), note: dd ? dd.textContent.trim() : '' });
    }
    return out;
  }

  // Bounds on what is drawn from one file, whatever the answer holds.
  const maxExcerpts = 64;
  const maxSegments = 2000;

  // gatherReveal collects the excerpts in the evidence of a file's signals.
  // An excerpt around findings of several signals is in the evidence of
  // each, so each is taken once, in text order; overlapping or malformed
  // ones are left out.
  function gatherReveal(signals) {
    const all = [];
    for (const sig of signals) {
      const ex = sig && sig.evidence && sig.evidence.reveal;
      if (!Array.isArray(ex)) continue;
      for (const e of ex) {
        if (e && Number.isInteger(e.offset) && Number.isInteger(e.end) && Array.isArray(e.segments)) all.push(e);
      }
    }
    all.sort((a, b) => a.offset - b.offset || a.end - b.end);
    const out = [];
    let end = -1;
    let segs = 0;
    for (const e of all) {
      if (e.offset < end || e.end < e.offset || !e.segments.length || segs + e.segments.length > maxSegments) continue;
      out.push(e);
      end = Math.max(e.end, e.offset + 1);
      segs += e.segments.length;
      if (out.length === maxExcerpts) break;
    }
    return out;
  }

  // segLabel names a segment as the HTML report's badges do:
  // "U+200B ZERO WIDTH SPACE", "40 × U+E0100 VARIATION SELECTOR-17 …".
  function segLabel(s) {
    let label = s.kind === 'match' ? String(s.name || '') : [s.codePoint, s.name].filter(Boolean).join(' ');
    if (s.count > 1) label = s.count + ' × ' + label + ' …';
    if (s.decoded) label += ' spelling ' + JSON.stringify(String(s.decoded));
    return label;
  }

  function segWhere(s) {
    return s.line ? 'line ' + s.line + ', column ' + s.column : 'byte ' + s.offset;
  }

  // revealSection draws the excerpts: plain text as text nodes, each
  // finding as a button (focusable, named for screen readers) whose
  // details appear below the excerpt when chosen.
  function revealSection(signals, id) {
    const excerpts = gatherReveal(signals);
    if (!excerpts.length) return null;
    const classes = revealClasses();
    const used = new Set();
    const s = el('section', { class: 'reveal', 'aria-labelledby': id + '-rv' },
      el('h4', { id: id + '-rv', text: 'Revealed text' }),
      el('p', { class: 'muted', text: 'The text around each finding. Hidden characters are drawn as badges in their place; ' +
        'look-alike letters and matched phrases are highlighted. Choose one for its code point, name and position ' +
        '(line, column and byte offset in the decoded text).' }));
    for (const e of excerpts) {
      const detail = el('p', { class: 'rv-detail', 'aria-live': 'polite' });
      const text = el('p', { class: 'rv-text' });
      if (e.before) text.append(el('span', { class: 'rv-cut', title: 'the text goes on before', text: '…' }));
      for (const seg of e.segments) {
        if (!seg || typeof seg !== 'object') continue;
        if (seg.kind !== 'hidden' && seg.kind !== 'lookalike' && seg.kind !== 'match') {
          text.append(String(seg.text || ''));
          continue;
        }
        const cls = classes.has(seg.class) ? seg.class : 'other';
        used.add(cls);
        const info = classes.get(cls) || { title: 'finding', note: '' };
        const label = segLabel(seg);
        const where = segWhere(seg);
        const shown = String(seg.text || '');
        let name = info.title + ': ' + label;
        if (seg.kind === 'lookalike') name = info.title + ' ' + shown + ': ' + label;
        if (seg.kind === 'match') name = info.title + ': “' + shown + '”, ' + label;
        const b = el('button', { type: 'button', class: 'rv rv-' + cls, title: label + ' · ' + where, 'aria-label': name + ', ' + where });
        if (seg.kind === 'hidden') b.append('⟨' + label + '⟩');
        else if (seg.kind === 'lookalike') b.append(shown, el('small', { text: '⟨' + label + '⟩' }));
        else b.append(shown);
        b.addEventListener('click', () => {
          detail.textContent = name + (info.note ? ' — ' + info.note : '') + '. ' +
            where.charAt(0).toUpperCase() + where.slice(1) + ', byte ' + seg.offset + '.';
        });
        text.append(b);
      }
      if (e.after) text.append(el('span', { class: 'rv-cut', title: 'the text goes on after', text: '…' }));
      s.append(el('figure', { class: 'rv-ex' },
        el('figcaption', { text: 'line ' + e.line + ', column ' + e.column + ' · bytes ' + e.offset + '–' + e.end }),
        text, detail));
    }
    const legend = el('dl', { class: 'rv-legend' });
    for (const [cls, info] of classes) {
      if (used.has(cls)) legend.append(el('dt', {}, el('span', { class: 'rv rv-' + cls, text: info.title })), el('dd', { text: info.note }));
    }
    s.append(legend);
    return s;
  }

  const c2paStates = {
    none: 'No Content Credentials (C2PA) in this file. That proves nothing either way.',
    valid: 'Content Credentials present and intact: the signature and hashes verify. The signer is not on a trust list, so who signed is not vouched for.',
    trusted: 'Content Credentials present, intact, and signed by a signer on a trust list.',
    invalid: 'Content Credentials present but broken: the file changed after signing, or the signature does not verify.',
  };

  function c2paSection(c) {
    const state = c.state || 'none';
    const s = el('section', { class: 'c2pa c2pa-' + state, 'data-state': state },
      el('h4', {}, 'Content Credentials (C2PA) ', el('span', { class: 'c2pa-state state-' + state, text: state })),
      el('p', { text: c2paStates[state] || '' }));
    if (state === 'none') return s;
    const rows = [
      ['signer', c.signer], ['issuer', c.issuer], ['claim generator', c.claimGenerator],
      ['signing time', c.signingTime], ['trust list', c.trustList], ['source', c.source],
      ['active manifest', c.activeManifest], ['remote manifest', c.remoteManifest],
      ['digital source types', (c.digitalSourceTypes || []).join('\n')],
    ].filter((r) => r[1]);
    s.append(kvTable(rows, 'c2pa-fields'));
    if (c.actions && c.actions.length) {
      s.append(el('h5', { text: 'Actions' }), table(['action', 'software', 'source type', 'manifest'],
        c.actions.map((a) => [a.action, a.softwareAgent, shortType(a.digitalSourceType), a.manifest]), 'c2pa-actions'));
    }
    if (c.ingredients && c.ingredients.length) {
      s.append(el('h5', { text: 'Ingredients (history)' }), ingredientTree(c.ingredients, 0));
    }
    if (c.identities && c.identities.length) {
      s.append(el('h5', { text: 'Creator identities' }),
        el('p', { class: 'muted', text: 'Who the credentials say made or published the file. Only a verified identity is vouched for by its issuer; the others are the file\'s own claims.' }),
        identityList(c.identities));
    }
    if (c.status) {
      const groups = [['failure', 'Failures'], ['informational', 'Notes'], ['success', 'Checks passed']];
      for (const [key, title] of groups) {
        const codes = c.status[key] || [];
        if (!codes.length) continue;
        s.append(el('details', { class: 'status-codes status-' + key, open: key === 'failure' },
          el('summary', { text: title + ' (' + codes.length + ')' }),
          el('ul', {}, codes.map((sc) => el('li', {}, el('code', { text: sc.code }),
            sc.explanation ? ' — ' + sc.explanation : '', sc.url ? el('span', { class: 'muted', text: ' (' + sc.url + ')' }) : null)))));
      }
    }
    return s;
  }

  const identityLabels = {
    trusted: 'verified identity',
    valid: 'verified credential, issuer on no trust list',
    invalid: 'claimed, not verified (check failed)',
    unverified: 'claimed, not verified',
  };

  function identityWho(id) {
    const parts = [];
    if (id.name) parts.push(id.name);
    if (id.organization) parts.push('(' + id.organization + ')');
    for (const a of id.socialAccounts || []) parts.push((a.username || a.uri || '') + ' on ' + a.provider);
    return parts.length ? parts.join(' ') : 'unnamed';
  }

  function identityList(items) {
    const ul = el('ul', { class: 'identities' });
    for (const id of items) {
      const state = identityLabels[id.state] ? id.state : 'unverified';
      const li = el('li', { class: 'identity id-' + state, 'data-state': state },
        el('span', { class: 'id-state id-' + state, text: identityLabels[state] }), ' ',
        el('span', { class: 'id-who', text: identityWho(id) }),
        id.issuer ? el('span', { class: 'muted', text: ' issued by ' + id.issuer + (id.trustList ? ' (' + id.trustList + ' list)' : '') }) : null,
        id.roles && id.roles.length ? el('span', { class: 'muted', text: ' roles: ' + id.roles.join(', ') }) : null);
      if (id.reason && state !== 'trusted') li.append(el('div', { class: 'muted', text: id.reason }));
      if (id.failure && id.failure.length) li.append(el('div', { class: 'muted' }, 'codes: ', id.failure.map((c) => el('code', { text: c + ' ' }))));
      if (id.verifiedIdentities && id.verifiedIdentities.length) {
        li.append(el('ul', {}, id.verifiedIdentities.map((v) => el('li', {}, el('code', { text: v.type }),
          ' ' + [v.name, v.username, v.address].filter(Boolean).join(' '),
          v.provider ? el('span', { class: 'muted', text: ' via ' + v.provider + (v.verifiedAt ? ', ' + v.verifiedAt : '') }) : null))));
      }
      ul.append(li);
    }
    return ul;
  }

  function ingredientTree(items, depth) {
    const ul = el('ul', { class: 'ingredients' });
    for (const it of items) {
      const li = el('li', { class: 'ingredient' },
        el('span', { class: 'ing-title', text: it.title || '(untitled)' }),
        it.relationship ? el('span', { class: 'tag', text: it.relationship }) : null,
        it.state ? el('span', { class: 'c2pa-state state-' + it.state, text: it.state }) : null,
        it.manifest ? el('code', { class: 'muted', text: it.manifest }) : null);
      if (it.ingredients && it.ingredients.length && depth < 16) li.append(ingredientTree(it.ingredients, depth + 1));
      ul.append(li);
    }
    return ul;
  }

  function shortType(t) {
    if (!t) return '';
    const i = t.lastIndexOf('/');
    return i >= 0 ? t.slice(i + 1) : t;
  }

  function problemsSection(f) {
    const s = el('section', { class: 'problems' }, el('h4', { text: 'Problems reading the file' }));
    const ul = el('ul');
    for (const e of f.errors || []) ul.append(el('li', { class: 'error' }, el('code', { text: e.code }), ' ', e.source ? '(' + e.source + ') ' : '', e.message));
    for (const w of f.warnings || []) ul.append(el('li', { class: 'warning' }, el('code', { text: w.code }), ' ', w.source ? '(' + w.source + ') ' : '', w.message));
    s.append(ul);
    return s;
  }

  function detailsSection(f, v) {
    const s = el('section', { class: 'details' });
    const facts = [['SHA-256', f.sha256], ['size', (f.size || 0).toLocaleString() + ' bytes'], ['type (from its bytes)', f.mediaType],
      ['detectors', (f.detectors || []).join(', ')]].filter((r) => r[1]);
    s.append(el('details', { class: 'facts', open: true }, el('summary', { text: 'File facts' }), kvTable(facts)));
    if (v.thumbnailNote) s.append(el('p', { class: 'muted', text: v.thumbnailNote }));
    if (v.aids && v.aids.length) {
      const d = el('details', { class: 'aids' }, el('summary', { text: 'Visual aids (not evidence, not scored)' }));
      for (const a of v.aids) {
        // Only images the server itself encoded are shown.
        if (typeof a.image !== 'string' || !a.image.startsWith('data:image/png;base64,')) continue;
        d.append(el('figure', { class: 'aid' }, el('img', { src: a.image, alt: a.title + ' of ' + f.path }),
          el('figcaption', {}, el('strong', { text: a.title + ': ' }), a.explain)));
      }
      s.append(d);
    }
    for (const t of v.metadata || []) {
      if (!t.rows || !t.rows.length) continue;
      const d = el('details', { class: 'meta' }, el('summary', { text: t.title + ' (' + t.rows.length + (t.truncated ? '+' : '') + ')' }),
        table(t.columns || [], t.rows));
      if (t.truncated) d.append(el('p', { class: 'muted', text: 'Only the first rows are shown; the JSON report has the evidence.' }));
      if (t.note) d.append(el('p', { class: 'muted', text: t.note }));
      s.append(d);
    }
    return s;
  }

  function cellText(v) {
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') return v;
    return JSON.stringify(v);
  }

  function kvTable(rows, cls) {
    const tb = el('tbody');
    for (const [k, v] of rows) tb.append(el('tr', {}, el('th', { scope: 'row', text: k }), el('td', { text: cellText(v) })));
    return el('div', { class: 'table-wrap' }, el('table', { class: 'kv ' + (cls || '') }, tb));
  }

  function table(cols, rows, cls) {
    const thead = el('thead', {}, el('tr', {}, cols.map((c) => el('th', { scope: 'col', text: c }))));
    const tb = el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c) => el('td', { text: cellText(c) })))));
    return el('div', { class: 'table-wrap' }, el('table', { class: 'grid ' + (cls || '') }, thead, tb));
  }

  // ---- wiring ----

  function init() {
    $('file').addEventListener('change', (e) => {
      sendFiles(e.target.files);
      e.target.value = '';
    });
    $('text-form').addEventListener('submit', (e) => {
      e.preventDefault();
      sendText($('text').value);
    });
    $('token-form').addEventListener('submit', (e) => e.preventDefault());
    $('file-form').addEventListener('submit', (e) => e.preventDefault());
    for (const b of document.querySelectorAll('.downloads button[data-format]')) {
      b.addEventListener('click', () => download(b.getAttribute('data-format')));
    }

    // Drop anywhere on the page.
    const overlay = $('drop-overlay');
    let depth = 0;
    const hasFiles = (e) => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
    document.addEventListener('dragenter', (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      overlay.hidden = false;
    });
    document.addEventListener('dragover', (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    });
    document.addEventListener('dragleave', () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) overlay.hidden = true;
    });
    document.addEventListener('drop', (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      overlay.hidden = true;
      sendFiles(e.dataTransfer.files);
    });

    // Paste an image (a screenshot, say) anywhere but in the text box.
    document.addEventListener('paste', (e) => {
      if (e.target === $('text') || e.target === $('token')) return;
      const files = e.clipboardData && e.clipboardData.files;
      if (files && files.length) {
        e.preventDefault();
        sendFiles(files);
      }
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
