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

  // A file name with a line-break chance after each separator, so a narrow
  // column wraps "camera_gps_DSCN0010." / "jpg" instead of inside a word.
  function breakable(text) {
    const out = [];
    for (const part of String(text).split(/(?<=[_.\-\/])/)) {
      if (out.length) out.push(el('wbr'));
      out.push(part);
    }
    return out;
  }

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
        body: JSON.stringify(withDecisions(lastReport)),
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

  // The files of the last answer, with their views, in the report's order.
  let shown = [];

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

    shown = files.map((f, i) => ({ f, v: view[i] || {}, id: 'file-' + i }));
    for (const s of shown) {
      if (s.f.decision && s.f.sha256 && !decisions.has(s.f.sha256)) decisions.set(s.f.sha256, Object.assign({}, s.f.decision));
    }
    const cards = $('cards');
    cards.replaceChildren(...shown.map((s) => card(s.f, s.v, s.id, shown.length > 1)));
    const several = shown.length > 1;
    $('overview').hidden = !several;
    if (several) {
      buildFilters();
      buildSummaryTable();
      applyFilters();
    } else if (shown.length) {
      $(shown[0].id).hidden = false;
    }
    updateDecisions();
    const skip = document.querySelector('a.skip');
    skip.setAttribute('href', '#results');
    skip.textContent = 'Skip to the results';
    watchScrollers(results);
    results.focus();
  }

  function badge(verdict) {
    return el('span', { class: 'badge verdict verdict-' + verdict, 'data-verdict': verdict, text: verdict });
  }

  // strongest names the signal the summary shows for a file: the one the
  // server ranked first (view.lead), so the page follows the report.
  function strongest(f, v) {
    const sigs = f.signals || [];
    if (Number.isInteger(v.lead) && v.lead >= 0 && v.lead < sigs.length) return sigs[v.lead];
    return null;
  }

  // ---- the summary table and its filters ----

  function buildFilters() {
    const verdicts = new Map();
    for (const s of shown) verdicts.set(s.f.verdict, (verdicts.get(s.f.verdict) || 0) + 1);
    const vsel = $('filter-verdict');
    const keep = vsel.value;
    vsel.replaceChildren(el('option', { value: '' }, 'All verdicts (' + shown.length + ')'));
    for (const [v, n] of verdicts) vsel.append(el('option', { value: v }, v + ' (' + n + ')'));
    vsel.value = verdicts.has(keep) ? keep : '';
    const review = shown.filter((s) => s.f.review).length;
    const rsel = $('filter-review');
    const rkeep = rsel.value;
    rsel.replaceChildren(
      el('option', { value: '' }, 'Any (' + shown.length + ')'),
      el('option', { value: 'yes' }, 'Needs review (' + review + ')'),
      el('option', { value: 'no' }, 'No review flag (' + (shown.length - review) + ')'));
    rsel.value = rkeep;
  }

  function buildSummaryTable() {
    const rows = shown.map((s) => {
      const { f, v, id } = s;
      const top = strongest(f, v);
      const name = el('a', { href: '#' + id, class: 'row-link', 'data-card': id }, breakable(f.path || '(unnamed)'));
      name.addEventListener('click', (e) => {
        e.preventDefault();
        openCard(id, true);
      });
      const tr = el('tr', { 'data-card': id, 'data-verdict': f.verdict, 'data-review': f.review ? 'yes' : 'no' },
        el('td', { class: 'col-thumb' }, v.thumbnail ? el('img', { class: 'mini', src: v.thumbnail, alt: '' }) :
          el('span', { class: 'mini none', 'aria-hidden': 'true', text: (f.mediaType || '').startsWith('text/') ? 'Aa' : '—' })),
        el('th', { scope: 'row', class: 'col-name' }, name),
        el('td', { class: 'col-verdict' }, badge(f.verdict)),
        el('td', { class: 'col-review' }, f.review ? el('span', { class: 'flag', text: 'review' }) :
          el('span', { class: 'muted' }, 'no', el('span', { class: 'phone-only', 'aria-hidden': 'true', text: ' review flag' }))),
        el('td', { class: 'col-score' }, el('span', { class: 'phone-only', 'aria-hidden': 'true', text: 'score ' }), Number(f.score || 0).toFixed(2)),
        el('td', { class: 'col-signal', text: top ? top.message : (f.errors && f.errors.length ? f.errors[0].message : 'nothing found') }),
        el('td', { class: 'col-decision', 'data-decision-for': f.sha256 || '' }));
      // The whole row opens the card; the link is what keyboards and screen
      // readers use.
      tr.addEventListener('click', (e) => {
        if (e.target.closest('a')) return;
        openCard(id, true);
      });
      return tr;
    });
    $('summary-rows').replaceChildren(...rows);
  }

  function applyFilters() {
    const verdict = $('filter-verdict').value;
    const review = $('filter-review').value;
    let n = 0;
    for (const tr of $('summary-rows').rows) {
      const ok = (!verdict || tr.getAttribute('data-verdict') === verdict) &&
        (!review || tr.getAttribute('data-review') === review);
      tr.hidden = !ok;
      if (ok) n++;
    }
    $('filter-count').textContent = n === shown.length ? 'Showing all ' + n + ' files.' : 'Showing ' + n + ' of ' + shown.length + ' files.';
  }

  // openCard shows one file's card below the table (the others stay
  // closed, so the page is as long as one card), and moves focus to it.
  function openCard(id, focus) {
    let found = null;
    for (const c of $('cards').children) {
      c.hidden = c.id !== id;
      if (c.id === id) found = c;
    }
    for (const tr of $('summary-rows').rows) {
      if (tr.getAttribute('data-card') === id) tr.setAttribute('aria-current', 'true');
      else tr.removeAttribute('aria-current');
    }
    if (!found) return;
    if (history.replaceState) history.replaceState(null, '', '#' + id);
    if (focus) {
      found.focus();
      found.scrollIntoView({ block: 'start' });
    }
  }

  function backToTable(id) {
    const link = document.querySelector('#summary-rows a[data-card="' + CSS.escape(id) + '"]');
    if (link) {
      link.focus();
      link.scrollIntoView({ block: 'center' });
    }
  }

  // ---- a file's card ----

  function card(f, v, id, several) {
    const head = el('header', { class: 'card-head' },
      v.thumbnail ? el('img', { class: 'thumb', src: v.thumbnail, alt: 'Preview of ' + f.path }) :
        el('div', { class: 'thumb none', text: f.mediaType && f.mediaType.startsWith('text/') ? 'Aa' : '—', 'aria-hidden': 'true' }),
      el('div', { class: 'card-title' },
        el('h3', { id: id + '-h', text: f.path || '(unnamed)' }),
        el('p', { class: 'verdict-line' },
          badge(f.verdict),
          el('span', { class: 'score', text: 'score ' + Number(f.score || 0).toFixed(2) }),
          f.review ? el('span', { class: 'flag', text: 'needs review' }) : el('span', { class: 'flag ok', text: 'no review flag' })),
        el('p', { class: 'meaning', text: cardMeaning(f, v) }),
        v.thumbnailNote ? el('p', { class: 'muted preview-note', text: v.thumbnailNote }) : null));

    const body = [];
    if (several) {
      const back = el('a', { href: '#overview', class: 'back' }, '↑ Back to the list of files');
      back.addEventListener('click', (e) => {
        e.preventDefault();
        backToTable(id);
      });
      body.push(el('p', { class: 'back-line' }, back));
    }
    if (f.reasons && f.reasons.length) {
      body.push(el('section', { class: 'reasons' }, el('h4', { text: 'Why a human should look' }),
        el('ul', {}, f.reasons.map((r) => el('li', { text: r })))));
    }
    const gen = generatorSection(v.generator, id);
    if (gen) body.push(gen);
    body.push(signalsSection(f.signals || [], v));
    const reveal = revealSection(f.signals || [], id);
    if (reveal) body.push(reveal);
    body.push(c2paSection((f.provenance && f.provenance.c2pa) || { state: 'none' }));
    if (v.gps) body.push(gpsSection(v.gps));
    if (f.skipped && f.skipped.length) body.push(skippedSection(f.skipped));
    if ((f.errors && f.errors.length) || (f.warnings && f.warnings.length)) body.push(problemsSection(f));
    body.push(decisionSection(f, id));
    body.push(detailsSection(f, v));

    return el('article', { class: 'card', id, 'aria-labelledby': id + '-h', tabindex: '-1', hidden: several }, head, body);
  }

  // cardMeaning is the sentence under the verdict: the server's headline,
  // which never contradicts the evidence listed below it.
  function cardMeaning(f, v) {
    return typeof v.headline === 'string' && v.headline ? v.headline : meaning(f.verdict);
  }

  const tierTitles = { decisive: 'Decisive evidence', supporting: 'Supporting evidence', technical: 'Technical details' };

  // signalsSection lists the evidence in the reports' ranking (view.ranked):
  // what decides first, what supports it next, technical details folded.
  function signalsSection(signals, v) {
    const s = el('section', { class: 'signals' }, el('h4', { text: 'Evidence (' + signals.length + ')' }));
    if (!signals.length) {
      s.append(el('p', { class: 'muted', text: 'No provenance signal was found. That proves nothing either way: most files carry no provenance at all.' }));
      return s;
    }
    const groups = { decisive: [], supporting: [], technical: [] };
    const placed = new Set();
    for (const r of Array.isArray(v.ranked) ? v.ranked : []) {
      if (!r || !Number.isInteger(r.index) || r.index < 0 || r.index >= signals.length || placed.has(r.index)) continue;
      placed.add(r.index);
      (groups[r.tier] || groups.supporting).push([signals[r.index], r]);
    }
    // Anything the ranking did not place is still shown.
    signals.forEach((sig, i) => { if (!placed.has(i)) groups.supporting.push([sig, {}]); });
    for (const t of ['decisive', 'supporting', 'technical']) {
      if (!groups[t].length) continue;
      const ul = el('ul', { class: 'signal-list' }, groups[t].map(([sig, r]) => signalItem(sig, r, t === 'decisive')));
      const title = tierTitles[t] + ' (' + groups[t].length + ')';
      if (t === 'technical') s.append(el('details', { class: 'tier tier-technical' }, el('summary', { text: title }), ul));
      else s.append(el('div', { class: 'tier tier-' + t }, el('h5', { text: title }), ul));
    }
    return s;
  }

  // generatorSection shows the generation record (prompt, model, seed…)
  // open: it is what a reporter asks the person who shared the file about.
  function generatorSection(fields, id) {
    if (!Array.isArray(fields) || !fields.length) return null;
    return el('section', { class: 'generator', 'aria-labelledby': id + '-gen ' + id + '-h' },
      el('h4', { id: id + '-gen', text: 'Generation record' }),
      el('p', { class: 'muted', text: 'As the file records it: unsigned metadata that anyone can write, copy or strip.' }),
      kvTable(fields.map((x) => [x.label || x.key, x.value]), 'generator-fields', 'Generation record'));
  }

  function signalItem(sig, r, open) {
    const tags = el('p', { class: 'tags' },
      el('span', { class: 'tag dir-' + sig.direction, text: sig.direction }),
      el('span', { class: 'tag', text: sig.strength }),
      el('span', { class: 'tag', text: 'weight ' + Number(sig.weight || 0).toFixed(1) }),
      sig.verified ? el('span', { class: 'tag verified', text: 'signed' }) : null,
      el('code', { class: 'sig-id', text: sig.id }));
    const li = el('li', { class: 'signal', 'data-id': sig.id }, el('p', { class: 'sig-msg', text: sig.message }), tags);
    const plain = typeof r.plain === 'string' ? r.plain : sig.explanation;
    if (plain) li.append(el('p', { class: 'explain', text: plain }));
    if (r.stats) li.append(el('p', { class: 'explain stats muted', text: 'Statistics: ' + r.stats }));
    // The reveal excerpts are drawn as text below, not as a table cell.
    const evidence = Object.entries(sig.evidence || {}).filter(([k]) => k !== 'reveal');
    if (evidence.length) {
      li.append(el('details', { class: 'evidence', open }, el('summary', { text: 'Where it was found' }),
        kvTable(evidence, '', 'Where ' + sig.id + ' was found')));
    }
    return li;
  }

  // gpsSection shows the position the file records, in decimal degrees.
  // The map link is an ordinary link: nothing is fetched unless it is
  // followed, and it says that following it sends the position away.
  function gpsSection(g) {
    const lat = Number(g.lat);
    const lon = Number(g.lon);
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null;
    const pos = lat.toFixed(6) + ', ' + lon.toFixed(6);
    const url = 'https://www.openstreetmap.org/?mlat=' + lat.toFixed(6) + '&mlon=' + lon.toFixed(6) + '#map=15/' + lat.toFixed(6) + '/' + lon.toFixed(6);
    return el('section', { class: 'gps' },
      el('h4', { text: 'Location recorded in the file' }),
      el('p', {}, el('strong', { class: 'gps-pos', text: pos }), ' ', el('span', { class: 'muted', text: '(latitude, longitude in decimal degrees)' })),
      el('p', { class: 'muted', text: 'From the EXIF GPS tags: ' + String(g.raw || '') + '. Anyone can write or change these tags; they say where the file claims to be from, not where it is from.' }),
      el('p', {}, el('a', { href: url, class: 'outbound', target: '_blank', rel: 'noopener noreferrer external' }, 'Show this position on OpenStreetMap'),
        ' ', el('span', { class: 'muted', text: '— leaves this computer: opening the link sends the coordinates to openstreetmap.org.' })));
  }

  function skippedSection(skipped) {
    return el('section', { class: 'skipped' },
      el('h4', { text: 'Checks not run (' + skipped.length + ')' }),
      el('p', { class: 'muted', text: 'These checks apply to this kind of file but did not run, so their evidence was not sought.' }),
      el('ul', {}, skipped.map((s) => el('li', {}, el('strong', { text: s.detector }), ' — ', s.reason))));
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
    const s = el('section', { class: 'reveal', 'aria-labelledby': id + '-rv ' + id + '-h' },
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
    s.append(kvTable(rows, 'c2pa-fields', 'Content Credentials fields'));
    if (c.actions && c.actions.length) {
      s.append(el('h5', { text: 'Actions' }), table(['action', 'software', 'source type', 'manifest'],
        c.actions.map((a) => [a.action, a.softwareAgent, shortType(a.digitalSourceType), a.manifest]), 'c2pa-actions', 'Content Credentials actions'));
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
    s.append(el('details', { class: 'facts', open: true }, el('summary', { text: 'File facts' }), kvTable(facts, '', 'File facts')));
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
        table(t.columns || [], t.rows, '', t.title + ' metadata'));
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

  // Tables sit in a wrapper that scrolls sideways when a table is wider
  // than the screen; label names the wrapper when it does.
  function kvTable(rows, cls, label) {
    const tb = el('tbody');
    for (const [k, v] of rows) tb.append(el('tr', {}, el('th', { scope: 'row', text: k }), el('td', { text: cellText(v) })));
    return el('div', { class: 'table-wrap', 'data-label': label || '' }, el('table', { class: 'kv ' + (cls || '') }, tb));
  }

  function table(cols, rows, cls, label) {
    const thead = el('thead', {}, el('tr', {}, cols.map((c) => el('th', { scope: 'col', text: c }))));
    const tb = el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c) => el('td', { text: cellText(c) })))));
    return el('div', { class: 'table-wrap', 'data-label': label || '' }, el('table', { class: 'grid ' + (cls || '') }, thead, tb));
  }

  // A wrapper that scrolls sideways must be reachable with the keyboard
  // (arrow keys scroll it once it has focus) and named for screen readers;
  // one that fits is left out of the tab order. Re-checked whenever a
  // wrapper changes size: a details opening, the window turning.
  const scrollWatch = typeof ResizeObserver === 'function' ? new ResizeObserver((entries) => {
    for (const e of entries) markScroller(e.target);
  }) : null;

  function markScroller(w) {
    if (w.scrollWidth > w.clientWidth + 1) {
      w.setAttribute('tabindex', '0');
      w.setAttribute('role', 'region');
      const card = w.closest('.card');
      const h = card ? card.querySelector('h3') : null;
      w.setAttribute('aria-label', (w.getAttribute('data-label') || 'Table') + (h ? ' of ' + h.textContent : '') + ' (scrolls sideways)');
    } else {
      w.removeAttribute('tabindex');
      w.removeAttribute('role');
      w.removeAttribute('aria-label');
    }
  }

  function watchScrollers(root) {
    for (const w of root.querySelectorAll('.table-wrap')) {
      markScroller(w);
      if (scrollWatch) scrollWatch.observe(w);
    }
  }

  // ---- decisions ----

  // decisions holds what the reviewer decided, by the file's SHA-256, in
  // this tab only: nothing is sent to the server. The exports are the
  // decisions file that scan --decisions reads and an ignore file.
  const decisions = new Map();
  const decisionValues = [
    ['confirmed-ai', 'Confirmed AI'],
    ['authentic', 'Authentic'],
    ['unresolved', 'Unresolved'],
  ];
  let reviewerInitials = '';

  function today() {
    const d = new Date();
    const p = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate());
  }

  function decisionLabel(value) {
    const v = decisionValues.find((x) => x[0] === value);
    return v ? v[1].toLowerCase().replace('ai', 'AI') : value;
  }

  // decisionLine reads as the reports print it:
  // "reviewed on 2026-12-07 by AB: authentic (original obtained)".
  function decisionLine(d) {
    let s = 'reviewed on ' + d.date;
    if (d.reviewer) s += ' by ' + d.reviewer;
    s += ': ' + decisionLabel(d.decision);
    if (d.note) s += ' (' + d.note + ')';
    return s;
  }

  function decisionSection(f, id) {
    const s = el('section', { class: 'decision', 'aria-labelledby': id + '-dec ' + id + '-h' },
      el('h4', { id: id + '-dec', text: 'Your decision' }));
    if (!f.sha256) {
      s.append(el('p', { class: 'muted', text: 'This file could not be read, so there is no content hash to record a decision against.' }));
      return s;
    }
    const cur = decisions.get(f.sha256) || {};
    const fs = el('fieldset', { class: 'decision-choice' }, el('legend', { text: 'What you concluded about ' + (f.path || 'this file') }));
    const radios = [];
    for (const [value, label] of [['', 'Not decided']].concat(decisionValues)) {
      const rid = id + '-dec-' + (value || 'none');
      const r = el('input', { type: 'radio', name: id + '-decision', id: rid, value, checked: (cur.decision || '') === value });
      radios.push(r);
      fs.append(el('span', { class: 'choice' }, r, el('label', { for: rid, text: label })));
    }
    const note = el('input', { type: 'text', id: id + '-note', class: 'decision-note', maxlength: '500', value: cur.note || '', autocomplete: 'off' });
    const who = el('input', { type: 'text', id: id + '-who', class: 'decision-who', maxlength: '40', value: cur.reviewer || reviewerInitials, autocomplete: 'off' });
    const line = el('p', { class: 'decision-line', 'aria-live': 'polite' });
    const save = () => {
      const chosen = radios.find((r) => r.checked);
      const value = chosen ? chosen.value : '';
      if (who.value.trim()) reviewerInitials = who.value.trim();
      if (!value) {
        decisions.delete(f.sha256);
      } else {
        const old = decisions.get(f.sha256) || {};
        decisions.set(f.sha256, {
          sha256: f.sha256, decision: value, note: note.value.trim(), reviewer: who.value.trim(),
          date: old.decision === value && old.date ? old.date : today(), path: f.path || '',
        });
      }
      updateDecisions();
    };
    for (const r of radios) r.addEventListener('change', save);
    note.addEventListener('change', save);
    who.addEventListener('change', save);
    s.append(fs,
      el('p', { class: 'decision-field' }, el('label', { for: note.id, text: 'Note (how you know)' }), note),
      el('p', { class: 'decision-field' }, el('label', { for: who.id, text: 'Your initials' }), who),
      line,
      el('p', { class: 'muted', text: 'Kept in this tab only, never sent to the server. Export the decisions below to keep them; a later scan with --decisions shows them beside the file.' }));
    return s;
  }

  // updateDecisions redraws everything that shows decisions: each card's
  // line, the summary table's column, the export buttons.
  function updateDecisions() {
    for (const s of shown) {
      const d = s.f.sha256 ? decisions.get(s.f.sha256) : null;
      const line = document.querySelector('#' + CSS.escape(s.id) + ' .decision-line');
      if (line) line.textContent = d ? decisionLine(d) : '';
      const cell = document.querySelector('#summary-rows tr[data-card="' + CSS.escape(s.id) + '"] .col-decision');
      if (cell) cell.textContent = d ? decisionLabel(d.decision) : '';
    }
    const n = shown.filter((s) => s.f.sha256 && decisions.has(s.f.sha256)).length;
    $('decisions-count').textContent = n ? n + (n === 1 ? ' decision' : ' decisions') + ' recorded in this tab.' : 'No decisions recorded yet: mark a file in its card.';
    for (const b of document.querySelectorAll('#decisions-export button')) b.disabled = n === 0;
  }

  function currentDecisions() {
    const out = [];
    for (const s of shown) {
      const d = s.f.sha256 ? decisions.get(s.f.sha256) : null;
      if (!d) continue;
      const e = { sha256: d.sha256, decision: d.decision, date: d.date };
      if (d.note) e.note = d.note;
      if (d.reviewer) e.reviewer = d.reviewer;
      if (d.path) e.path = d.path;
      out.push(e);
    }
    return out;
  }

  // decisionsJSON is the decisions file scan --decisions reads (format
  // provcheck-decisions, version 1).
  function decisionsJSON() {
    return JSON.stringify({ format: 'provcheck-decisions', version: 1, decisions: currentDecisions() }, null, 2) + '\n';
  }

  // ignoreYAML is a .provcheckignore.yaml: files found authentic are set
  // aside by content, with the decision as the reason, as the reports
  // package writes it. Values are JSON strings, which YAML reads as
  // double-quoted scalars.
  function ignoreYAML() {
    const q = (v) => JSON.stringify(String(v));
    let out = '# Written from provcheck review decisions: files found authentic, set aside by content.\nignore:';
    const auth = currentDecisions().filter((d) => d.decision === 'authentic');
    if (!auth.length) return out + ' []\n';
    out += '\n';
    for (const d of auth) {
      let reason = 'reviewed on ' + d.date + ': authentic';
      if (d.note) reason += ' (' + d.note + ')';
      out += '  - sha256: ' + q(d.sha256) + '\n    reason: ' + q(reason) + '\n';
      if (d.reviewer) out += '    reviewer: ' + q(d.reviewer) + '\n';
    }
    return out;
  }

  function saveText(text, name, type) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = el('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // withDecisions is the report as last received, each file carrying the
  // decision made here, so a downloaded report shows them too.
  function withDecisions(rep) {
    const files = (rep.files || []).map((f) => {
      const d = f.sha256 ? decisions.get(f.sha256) : null;
      if (!d) return f;
      return Object.assign({}, f, { decision: currentDecisions().find((x) => x.sha256 === f.sha256) });
    });
    return Object.assign({}, rep, { files });
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
    $('filter-verdict').addEventListener('change', applyFilters);
    $('filter-review').addEventListener('change', applyFilters);
    $('filters').addEventListener('submit', (e) => e.preventDefault());
    $('export-decisions').addEventListener('click', () => saveText(decisionsJSON(), 'provcheck-decisions.json', 'application/json'));
    $('export-ignore').addEventListener('click', () => saveText(ignoreYAML(), 'provcheckignore.yaml', 'application/yaml'));

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
