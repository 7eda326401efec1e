// The list of views (/): one request for the views, one for the refresh log, every few seconds.
'use strict';

(() => {
  if (location.pathname !== '/') return;
  document.getElementById('list-page').hidden = false;
  const { el, api, clear } = MV;
  const body = document.querySelector('#views tbody');
  const message = document.getElementById('message');

  function row(view, entries, now) {
    const durations = entries.filter((e) => e.status === 'ok' && e.durationMs !== null)
      .slice(0, 20).map((e) => e.durationMs).reverse();
    const streak = MV.failureStreak(entries);
    const last = entries[0];
    return el('tr', { 'data-view': view.name },
      el('td', {}, el('a', { href: MV.pagePath(view.name), class: 'view-link' }, view.name)),
      el('td', {}, view.kind),
      el('td', { class: 'freshness' }, MV.badge(MV.freshness(view, entries, now))),
      el('td', { class: 'last-refresh', title: view.refreshedAt || '' },
        view.kind === 'view' ? '—' : MV.relative(view.refreshedAt, now),
        last ? el('span', { class: 'muted' }, ' (' + last.status + ')') : null),
      el('td', { class: 'next-refresh', title: view.nextRefresh || '' }, MV.relative(view.nextRefresh, now)),
      el('td', {}, view.refresh || '—'),
      el('td', { class: 'duration' }, MV.sparkline(durations), ' ',
        durations.length ? MV.duration(durations[durations.length - 1]) : '—'),
      el('td', { class: 'failures' + (streak > 0 ? ' bad' : '') }, String(streak)),
      el('td', { class: 'num' }, MV.count(view.rowEstimate)),
      el('td', { class: 'num' }, MV.bytes(view.sizeBytes)));
  }

  async function load() {
    const [views, log] = await Promise.all([api('/api/views'), api('/api/history?limit=1000')]);
    if (views.status !== 200) {
      message.textContent = MV.errorText(views);
      return;
    }
    message.textContent = views.body.length === 0 ? 'No managed views yet: apply your view files first.' : '';
    const byView = MV.groupByView(log.status === 200 ? log.body : []);
    const now = Date.now();
    clear(body);
    for (const view of views.body) {
      body.append(row(view, byView.get(view.name) || [], now));
    }
  }

  MV.setUpToken();
  MV.poll(load);
})();
