// The list of views (/): one request for the views' status, one for the refresh log, every few seconds.
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
    const fresh = view.freshness || {};
    const refreshes = view.refreshes;
    const streak = refreshes ? refreshes.failureStreak : 0;
    const refreshed = view.kind !== 'view';
    return el('tr', { 'data-view': view.name },
      el('td', {}, el('a', { href: MV.pagePath(view.name), class: 'view-link' }, view.name)),
      el('td', {}, view.kind),
      el('td', { class: 'freshness' }, MV.badge(MV.freshness(view, now))),
      el('td', { class: 'last-refresh', title: fresh.refreshedAt || '' },
        refreshed ? MV.relative(fresh.refreshedAt, now) : '—'),
      el('td', { class: 'next-refresh', title: fresh.nextRefreshAt || '' }, MV.relative(fresh.nextRefreshAt, now)),
      el('td', {}, refreshed ? view.refreshPolicy : '—'),
      el('td', { class: 'duration', title: refreshes ? 'p50 ' + MV.duration(refreshes.p50Ms) + ', p95 '
        + MV.duration(refreshes.p95Ms) + ', max ' + MV.duration(refreshes.maxMs) : '' },
      MV.sparkline(durations), ' ', refreshes ? MV.duration(refreshes.p50Ms) : '—'),
      el('td', { class: 'failures' + (streak > 0 ? ' bad' : ''), title: refreshes && refreshes.lastError || '' },
        String(streak)),
      el('td', { class: 'num' }, MV.count(view.rowEstimate)),
      el('td', { class: 'num' }, MV.bytes(view.sizeBytes)),
      el('td', { class: 'num advice-count' }, String((view.advice || []).length)));
  }

  async function load() {
    const [views, log] = await Promise.all([api('/api/status'), api('/api/history?limit=1000')]);
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
