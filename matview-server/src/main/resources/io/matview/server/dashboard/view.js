// The page of one view (/views/NAME): measures, refresh history chart, advice, sources, dependency graph,
// columns, first rows, refresh and drift.
// Polling reads only catalogs, statistics and the refresh log; the rows are read when the page opens and when
// the user asks for them, never by the poll.
'use strict';

(() => {
  if (!location.pathname.startsWith('/views/')) return;
  document.getElementById('view-page').hidden = false;
  const { el, svg, api, clear } = MV;
  const name = decodeURIComponent(location.pathname.slice('/views/'.length));
  const message = document.getElementById('view-message');
  const actionResult = document.getElementById('action-result');
  let shownGeneration = null;
  let currentGeneration = null;

  document.title = name + ' · Matview';
  document.getElementById('view-name').textContent = name;

  function fact(term, value, id) {
    return [el('dt', {}, term), el('dd', id ? { id } : {}, value)];
  }

  function showFacts(view, status, entries, now) {
    const refreshes = status.refreshes;
    const fresh = status.freshness || {};
    const ok = entries.filter((e) => e.status === 'ok');
    const facts = document.getElementById('facts');
    clear(facts);
    facts.append(...[
      fact('Kind', view.kind),
      fact('Refresh policy', view.refresh || '—'),
      fact('Generation', String(view.generation), 'fact-generation'),
      fact('Last refresh', MV.relative(fresh.refreshedAt, now)),
      fact('Next refresh', MV.relative(fresh.nextRefreshAt, now)),
      fact('Change pending', fresh.pendingChange === null || fresh.pendingChange === undefined ? '—'
        : fresh.pendingChange ? 'yes' : 'no'),
      fact('Last duration', ok.length ? MV.duration(ok[0].durationMs) : '—'),
      fact('Duration p50 / p95 / max', refreshes ? [refreshes.p50Ms, refreshes.p95Ms, refreshes.maxMs].map(MV.duration).join(' / ') : '—'),
      fact('Trend', refreshes && refreshes.trendMsPerDay !== null ? MV.signed(refreshes.trendMsPerDay) + ' ms per day' : '—'),
      fact('Share of its interval', refreshes && refreshes.intervalShare !== null ? (refreshes.intervalShare * 100).toFixed(2) + ' %' : '—'),
      fact('Failures in a row', refreshes ? String(refreshes.failureStreak) : '—', 'fact-failures'),
      fact('Rows (estimate)', MV.count(status.rowEstimate)),
      fact('Size', MV.bytes(status.sizeBytes)),
      fact('Growth', refreshes && refreshes.rowsGrowthPerDay !== null ? MV.signed(refreshes.rowsGrowthPerDay) + ' rows, '
        + MV.signed(refreshes.sizeGrowthBytesPerDay) + ' bytes per day' : '—'),
      fact('Unique key', view.uniqueKey && view.uniqueKey.length ? view.uniqueKey.join(', ') : 'none'),
    ].flat());
    const badge = document.getElementById('freshness');
    clear(badge);
    badge.append(MV.badge(MV.freshness(status, now)));
    document.getElementById('description').textContent = view.description || '';
  }

  function showSources(status) {
    const tbody = document.querySelector('#sources tbody');
    clear(tbody);
    for (const t of status.sources || []) {
      tbody.append(el('tr', {}, el('td', {}, t.table), el('td', { class: 'num' }, MV.count(t.liveTuples)),
        el('td', { class: 'num' }, MV.count(t.deadTuples)),
        el('td', { class: 'num' }, t.deadRatio === null ? '—' : (t.deadRatio * 100).toFixed(1) + ' %'),
        el('td', { title: t.lastVacuum || '' }, MV.relative(t.lastVacuum, Date.now())),
        el('td', { title: t.lastAnalyze || '' }, MV.relative(t.lastAnalyze, Date.now())),
        el('td', { class: 'num' }, MV.count(t.modifiedSinceAnalyze)),
        el('td', { class: 'num' }, MV.count(t.changedSinceRefresh))));
    }
  }

  function showColumns(view) {
    const tbody = document.querySelector('#columns tbody');
    clear(tbody);
    for (const c of view.columns) {
      tbody.append(el('tr', {}, el('td', {}, c.name), el('td', {}, c.type),
        el('td', {}, (view.uniqueKey || []).includes(c.name) ? 'yes' : '')));
    }
  }

  function showHistory(entries) {
    const tbody = document.querySelector('#history tbody');
    clear(tbody);
    for (const e of entries.slice(0, 10)) {
      tbody.append(el('tr', { class: 'status-' + e.status },
        el('td', { title: e.startedAt }, new Date(e.startedAt).toLocaleString('en-GB')),
        el('td', {}, e.trigger), el('td', {}, e.mode), el('td', {}, e.status),
        el('td', { class: 'num' }, MV.duration(e.durationMs)), el('td', { class: 'num' }, MV.count(e.rows)),
        el('td', { class: 'num' }, e.generation === null ? '—' : String(e.generation)),
        el('td', { class: 'error' }, e.error || '')));
    }
    drawHistory(entries.slice().reverse());
  }

  /** Duration and rows over time, one panel each, oldest on the left; failed refreshes in red. */
  function drawHistory(entries) {
    const box = document.getElementById('history-chart');
    clear(box);
    if (entries.length === 0) {
      box.append(el('p', { class: 'muted' }, 'No refresh yet.'));
      return;
    }
    const width = 760;
    const panel = 110;
    const left = 70;
    const gap = 30;
    const chart = svg('svg', { id: 'history-svg', width, height: 2 * panel + gap + 30,
      viewBox: '0 0 ' + width + ' ' + (2 * panel + gap + 30), role: 'img', 'aria-label': 'refresh history' });
    const times = entries.map((e) => Date.parse(e.startedAt));
    const t0 = Math.min(...times);
    const t1 = Math.max(...times);
    const x = (t) => left + (t1 === t0 ? (width - left - 10) / 2 : ((t - t0) / (t1 - t0)) * (width - left - 10));
    const series = [
      { label: 'duration', value: (e) => e.durationMs, format: MV.duration, top: 10 },
      { label: 'rows', value: (e) => e.rows, format: MV.count, top: 10 + panel + gap },
    ];
    for (const s of series) {
      const points = entries.filter((e) => e.status === 'ok' && s.value(e) !== null && s.value(e) !== undefined);
      const max = Math.max(1, ...points.map(s.value));
      const y = (v) => s.top + panel - (v / max) * panel;
      chart.append(svg('line', { x1: left, y1: s.top + panel, x2: width - 10, y2: s.top + panel, class: 'axis' }));
      chart.append(svg('line', { x1: left, y1: s.top, x2: left, y2: s.top + panel, class: 'axis' }));
      chart.append(svg('text', { x: left - 6, y: s.top + 10, class: 'axis-label', 'text-anchor': 'end' }, s.format(max)));
      chart.append(svg('text', { x: left - 6, y: s.top + panel, class: 'axis-label', 'text-anchor': 'end' }, '0'));
      chart.append(svg('text', { x: left + 6, y: s.top + 12, class: 'series-label' }, s.label));
      if (points.length > 1) {
        chart.append(svg('polyline', { class: 'series series-' + s.label,
          points: points.map((e) => x(Date.parse(e.startedAt)).toFixed(1) + ',' + y(s.value(e)).toFixed(1)).join(' ') }));
      }
      for (const e of points) {
        chart.append(svg('circle', { cx: x(Date.parse(e.startedAt)).toFixed(1), cy: y(s.value(e)).toFixed(1), r: 3,
          class: 'point point-' + s.label, 'data-generation': e.generation },
        svg('title', {}, e.startedAt + ': ' + s.format(s.value(e)))));
      }
    }
    for (const e of entries.filter((e) => e.status !== 'ok')) {
      chart.append(svg('circle', { cx: x(Date.parse(e.startedAt)).toFixed(1), cy: 10 + panel, r: 4,
        class: 'point point-' + e.status }, svg('title', {}, e.startedAt + ': ' + e.status + (e.error ? ' — ' + e.error : ''))));
    }
    const bottom = 2 * panel + gap + 25;
    chart.append(svg('text', { x: left, y: bottom, class: 'axis-label' }, new Date(t0).toLocaleString('en-GB')));
    chart.append(svg('text', { x: width - 10, y: bottom, class: 'axis-label', 'text-anchor': 'end' },
      new Date(t1).toLocaleString('en-GB')));
    box.append(chart);
  }

  /**
   * The managed views connected to this one, in columns by depth: each view to the right of
   * every view it reads, an arrow from what is read to what reads it.
   */
  function drawGraph(name, reads, views) {
    const box = document.getElementById('graph');
    clear(box);
    const readBy = new Map();
    for (const [view, sources] of Object.entries(reads)) {
      for (const s of sources) {
        if (!readBy.has(s)) readBy.set(s, []);
        readBy.get(s).push(view);
      }
    }
    // the whole connected part of the graph, so that a diamond's other branch is drawn too
    const connected = new Set([name]);
    const pending = [name];
    while (pending.length) {
      const v = pending.pop();
      for (const n of [...(reads[v] || []), ...(readBy.get(v) || [])]) {
        if (!connected.has(n)) {
          connected.add(n);
          pending.push(n);
        }
      }
    }
    if (connected.size === 1) {
      box.append(el('p', { class: 'muted', id: 'graph-none' }, 'Reads no managed view, and no managed view reads it.'));
      return;
    }
    const depth = new Map();
    const depthOf = (v, seen) => {
      if (depth.has(v)) return depth.get(v);
      if (seen.has(v)) return 0;
      seen.add(v);
      const d = Math.max(-1, ...(reads[v] || []).filter((s) => connected.has(s)).map((s) => depthOf(s, seen))) + 1;
      depth.set(v, d);
      return d;
    };
    const columns = [];
    for (const v of [...connected].sort()) {
      const d = depthOf(v, new Set());
      (columns[d] = columns[d] || []).push(v);
    }
    const nodeW = 200;
    const nodeH = 34;
    const colGap = 70;
    const rowGap = 16;
    const rows = Math.max(...columns.map((c) => c.length));
    const width = columns.length * (nodeW + colGap) - colGap + 20;
    const height = rows * (nodeH + rowGap) - rowGap + 20;
    const at = new Map();
    columns.forEach((col, i) => col.forEach((v, j) => at.set(v, { x: 10 + i * (nodeW + colGap), y: 10 + j * (nodeH + rowGap) })));
    const chart = svg('svg', { id: 'graph-svg', width, height, viewBox: '0 0 ' + width + ' ' + height, role: 'img',
      'aria-label': 'dependency graph' });
    chart.append(svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5,
      markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' }, svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow' }))));
    for (const v of connected) {
      for (const s of (reads[v] || []).filter((r) => connected.has(r))) {
        const a = at.get(s);
        const b = at.get(v);
        chart.append(svg('line', { x1: a.x + nodeW, y1: a.y + nodeH / 2, x2: b.x, y2: b.y + nodeH / 2, class: 'edge',
          'marker-end': 'url(#arrow)', 'data-from': s, 'data-to': v }));
      }
    }
    for (const v of connected) {
      const p = at.get(v);
      const kind = views.has(v) ? views.get(v).kind : '';
      const label = v.length > 28 ? v.slice(0, 27) + '…' : v;
      const node = svg('g', { class: 'node' + (v === name ? ' current' : '') + (kind === 'view' ? ' plain' : ''),
        'data-view': v },
      svg('rect', { x: p.x, y: p.y, width: nodeW, height: nodeH, rx: 6 }),
      svg('text', { x: p.x + nodeW / 2, y: p.y + nodeH / 2 + 4, 'text-anchor': 'middle' }, label),
      svg('title', {}, v + (kind ? ' (' + kind + ')' : '')));
      chart.append(v === name ? node : svg('a', { href: MV.pagePath(v) }, node));
    }
    box.append(chart);
  }

  function showAdvice(status) {
    const list = document.getElementById('advice');
    clear(list);
    const advice = status.advice || [];
    if (advice.length === 0) {
      list.append(el('li', { class: 'muted' }, 'Nothing to advise.'));
    }
    for (const a of advice) {
      list.append(el('li', { class: 'advice', 'data-kind': a.kind }, el('strong', {}, a.kind), ': ', a.reason,
        el('br', {}), el('span', { class: 'fix' }, 'Fix: ', a.fix)));
    }
  }

  async function loadRows() {
    const thead = document.querySelector('#rows thead');
    const tbody = document.querySelector('#rows tbody');
    const note = document.getElementById('rows-message');
    const query = document.getElementById('filters').value.trim().replace(/^\?/, '');
    const answer = await api(MV.viewPath(name) + '/rows' + (query ? '?' + query : ''));
    clear(thead);
    clear(tbody);
    if (answer.status !== 200) {
      note.textContent = MV.errorText(answer);
      note.className = 'bad';
      return;
    }
    const rows = answer.body;
    note.className = '';
    note.textContent = rows.length + ' row' + (rows.length === 1 ? '' : 's');
    const names = rows.length ? Object.keys(rows[0]) : [];
    thead.append(el('tr', {}, names.map((n) => el('th', {}, n))));
    for (const r of rows) {
      tbody.append(el('tr', {}, names.map((n) => {
        const v = r[n];
        return el('td', v === null ? { class: 'null' } : {}, v === null ? 'null' : typeof v === 'object' ? JSON.stringify(v) : String(v));
      })));
    }
  }

  /** Asks for the token when none is set: the token field is the only place it is typed. */
  function needToken() {
    if (MV.token()) return false;
    actionResult.textContent = 'Type the token above (Use token) first: refreshing and checking drift need it.';
    actionResult.className = 'bad';
    document.getElementById('token').focus();
    return true;
  }

  async function refresh() {
    if (needToken()) return;
    const button = document.getElementById('refresh');
    button.disabled = true;
    actionResult.className = '';
    actionResult.textContent = 'Refreshing…';
    try {
      const answer = await api(MV.viewPath(name) + '/refresh', { method: 'POST' });
      if (Array.isArray(answer.body)) {
        actionResult.textContent = answer.body.map((e) => e.view + ': ' + e.status + ' in ' + MV.duration(e.durationMs)
          + (e.generation !== null ? ', generation ' + e.generation : '') + (e.error ? ' — ' + e.error : '')).join('; ');
      } else {
        actionResult.textContent = MV.errorText(answer);
      }
      actionResult.className = answer.status === 200 ? 'good' : 'bad';
      await load();
    } finally {
      button.disabled = false;
    }
  }

  /** What a full drift check would cost, shown before anyone runs one: GET, it runs nothing of the query. */
  async function showDriftEstimate() {
    const answer = await api(MV.viewPath(name) + '/drift');
    const note = document.getElementById('drift-estimate');
    note.textContent = answer.status === 200
      ? 'A full check would take about ' + MV.duration(answer.body.estimatedMs) + ' (' + answer.body.basis + ').'
      : MV.errorText(answer);
  }

  async function drift() {
    if (needToken()) return;
    const button = document.getElementById('drift');
    const mode = document.getElementById('drift-mode').value;
    const box = document.getElementById('drift-result');
    button.disabled = true;
    actionResult.className = '';
    actionResult.textContent = 'Comparing the view with its query (' + mode + ')…';
    clear(box);
    try {
      const answer = await api(MV.viewPath(name) + '/drift?mode=' + encodeURIComponent(mode), { method: 'POST' });
      if (answer.status !== 200) {
        actionResult.className = 'bad';
        actionResult.textContent = MV.errorText(answer);
        return;
      }
      const d = answer.body;
      actionResult.className = d.differs ? 'bad' : 'good';
      actionResult.textContent = d.differs ? 'The view differs from its query now.' : 'The view matches its query.';
      box.append(el('dl', { id: 'drift-facts' }, [
        fact('Mode', d.mode + (d.sampledPercent < 100 ? ' (' + d.sampledPercent + ' % of rows)' : '')),
        fact('Rows in the view', MV.count(d.viewRows)),
        fact('Rows from the query', MV.count(d.queryRows)),
        fact('Only in the view', MV.count(d.onlyInView), 'drift-only-in-view'),
        fact('Only in the query', MV.count(d.onlyInQuery), 'drift-only-in-query'),
        fact('Took', MV.duration(d.durationMs)),
      ].flat()));
    } finally {
      button.disabled = false;
    }
  }

  async function load() {
    const [detail, status, log, graph, list] = await Promise.all([api(MV.viewPath(name)), api(MV.viewPath(name) + '/status'),
      api(MV.viewPath(name) + '/history?limit=100'), api('/api/dependencies'), api('/api/views')]);
    if (detail.status !== 200 || status.status !== 200) {
      message.textContent = MV.errorText(detail.status !== 200 ? detail : status);
      return;
    }
    message.textContent = '';
    const view = detail.body;
    const entries = log.status === 200 ? log.body : [];
    const now = Date.now();
    showFacts(view, status.body, entries, now);
    showColumns(view);
    showHistory(entries);
    showAdvice(status.body);
    showSources(status.body);
    if (graph.status === 200 && list.status === 200) {
      drawGraph(view.name, graph.body, new Map(list.body.map((v) => [v.name, v])));
    }
    currentGeneration = view.generation;
    if (shownGeneration === null) {
      shownGeneration = view.generation;
      loadRows();
    } else if (view.generation !== shownGeneration) {
      document.getElementById('rows-message').textContent = 'The view was refreshed since these rows were read: Show rows reads them again.';
    }
  }

  MV.setUpToken();
  document.getElementById('refresh').addEventListener('click', refresh);
  document.getElementById('drift').addEventListener('click', drift);
  document.getElementById('load-rows').addEventListener('click', () => {
    shownGeneration = currentGeneration;
    loadRows();
  });
  document.getElementById('filters').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') document.getElementById('load-rows').click();
  });
  MV.poll(load);
  showDriftEstimate();
})();
