// Shared by the dashboard's pages. Every value from the server reaches the page as text (textContent,
// setAttribute): never as markup, so a view or column named <script> shows as those characters.
'use strict';

const MV = (() => {
  const TOKEN_KEY = 'matview.token';
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const POLL_MS = 5000;

  /** An element with attributes and children; strings and numbers become text nodes. */
  function el(tag, attrs, ...children) {
    return build(document.createElement(tag), attrs, children);
  }

  function svg(tag, attrs, ...children) {
    return build(document.createElementNS(SVG_NS, tag), attrs, children);
  }

  function build(node, attrs, children) {
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined && value !== false) {
        node.setAttribute(name, String(value));
      }
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === 'object' ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) {
    node.replaceChildren();
  }

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  /** A request to the JSON API; answers {status, body} where body is parsed JSON (or null). */
  async function api(path, options) {
    const headers = { Accept: 'application/json' };
    const bearer = token();
    if (bearer) headers.Authorization = 'Bearer ' + bearer;
    let response;
    try {
      response = await fetch(path, Object.assign({ headers, cache: 'no-store' }, options || {}));
    } catch (e) {
      return { status: 0, body: { error: 'the server cannot be reached' } };
    }
    let body = null;
    const text = await response.text();
    try {
      body = text ? JSON.parse(text) : null;
    } catch (e) {
      body = { error: text };
    }
    if (response.status === 401 && bearer) {
      sessionStorage.removeItem(TOKEN_KEY);
      showTokenState();
    }
    return { status: response.status, body };
  }

  function viewPath(name) {
    return '/api/views/' + encodeURIComponent(name);
  }

  function pagePath(name) {
    return '/views/' + encodeURIComponent(name);
  }

  /** The message of an error answer: what, where and how to fix, as the API words it. */
  function errorText(answer) {
    const b = answer.body || {};
    const parts = [b.error || ('HTTP ' + answer.status)];
    if (b.detail) parts.push('(' + b.detail + ')');
    if (b.hint) parts.push('— ' + b.hint);
    return parts.join(' ');
  }

  function seconds(ms) {
    return ms / 1000;
  }

  function duration(ms) {
    if (ms === null || ms === undefined) return '—';
    if (ms < 1000) return Math.round(ms) + ' ms';
    const s = seconds(ms);
    if (s < 60) return s.toFixed(s < 10 ? 2 : 1) + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + Math.round(s % 60) + ' s';
    return Math.floor(s / 3600) + ' h ' + Math.round((s % 3600) / 60) + ' min';
  }

  function relative(iso, now) {
    if (!iso) return '—';
    const diff = Date.parse(iso) - now;
    const past = diff < 0;
    const text = duration(Math.abs(Math.round(diff / 1000)) * 1000).replace(/\.\d+ s$/, ' s');
    return past ? text + ' ago' : 'in ' + text;
  }

  function bytes(n) {
    if (n === null || n === undefined) return '—';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) {
      n /= 1024;
      i++;
    }
    return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
  }

  function signed(n) {
    return (n > 0 ? '+' : '') + Number(n).toLocaleString('en', { maximumFractionDigits: 1 });
  }

  function count(n) {
    return n === null || n === undefined ? '—' : Number(n).toLocaleString('en');
  }

  /**
   * What the badge says, from a view's status (GET /api/status): the measures of the core, so that
   * the dashboard, the CLI and the metrics agree. A scheduled view is overdue a minute after its
   * next refresh was due. Incremental views are refreshed as materialized views are; a real-time view's
   * readers see every committed row, so it is 'live' unless its refreshes fail or stop (which make
   * each read compute more buckets live).
   */
  function freshness(status, now) {
    if (status.kind === 'view') return 'view';
    if (!status.populated) return 'no data';
    const refreshes = status.refreshes || {};
    const fresh = status.freshness || {};
    if (refreshes.failureStreak > 0) return 'failing';
    const realTime = status.kind === 'real-time view';
    if (fresh.pendingChange === true && !realTime) return 'change pending';
    if (fresh.nextRefreshAt && now - Date.parse(fresh.nextRefreshAt) > 60000) return 'overdue';
    if (realTime) return 'live';
    if (status.refreshPolicy === 'manual') return 'manual';
    return 'fresh';
  }

  function badge(state) {
    return el('span', { class: 'badge badge-' + state.replace(/\s+/g, '-'), 'data-freshness': state }, state);
  }

  /** A small line of the durations, oldest on the left. */
  function sparkline(durations) {
    const width = 120;
    const height = 24;
    const chart = svg('svg', { class: 'sparkline', width, height, viewBox: '0 0 ' + width + ' ' + height,
      role: 'img', 'aria-label': 'refresh durations' });
    if (durations.length === 0) return chart;
    const max = Math.max(...durations, 1);
    const step = durations.length > 1 ? (width - 4) / (durations.length - 1) : 0;
    const points = durations.map((d, i) => (2 + i * step).toFixed(1) + ',' + (height - 2 - (d / max) * (height - 4)).toFixed(1));
    chart.append(svg('polyline', { points: points.join(' '), class: 'spark-line' }));
    chart.append(svg('title', {}, durations.map(duration).join(', ')));
    return chart;
  }

  function showTokenState() {
    const state = document.getElementById('token-state');
    if (state) state.textContent = token() ? 'token set for this tab' : 'read-only (no token)';
  }

  /** The token field in the header: kept in this tab's sessionStorage only, sent as the bearer header. */
  function setUpToken() {
    const input = document.getElementById('token');
    document.getElementById('token-save').addEventListener('click', () => {
      if (input.value) sessionStorage.setItem(TOKEN_KEY, input.value);
      input.value = '';
      showTokenState();
    });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') document.getElementById('token-save').click();
    });
    document.getElementById('token-forget').addEventListener('click', () => {
      sessionStorage.removeItem(TOKEN_KEY);
      showTokenState();
    });
    showTokenState();
  }

  /** Calls {@code load} now and every few seconds, one call at a time. */
  function poll(load) {
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        await load();
        const stamp = document.getElementById('updated');
        if (stamp) stamp.textContent = new Date().toLocaleTimeString('en-GB');
      } finally {
        running = false;
      }
    };
    tick();
    return setInterval(tick, POLL_MS);
  }

  function groupByView(entries) {
    const byView = new Map();
    for (const e of entries) {
      if (!byView.has(e.view)) byView.set(e.view, []);
      byView.get(e.view).push(e);
    }
    return byView;
  }

  return { el, svg, clear, token, api, viewPath, pagePath, errorText, duration, relative, bytes, count, signed,
    freshness, badge, sparkline, setUpToken, poll, groupByView };
})();
