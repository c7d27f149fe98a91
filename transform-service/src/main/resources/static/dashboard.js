'use strict';
// The dashboard: every figure comes from the JSON endpoints under /api/dashboard (the
// marts), /runs and /lineage. Each panel records how many rows it drew in data-rows, and
// <body data-range> says which range the page last finished loading. The range lives in
// the URL (?from=&to=), so a view can be shared; without one the page follows the last 7
// days that have data.

const REFRESH_MS = 30000;
const charts = {};
const fromInput = document.getElementById('from');
const toInput = document.getElementById('to');
const shared = new URLSearchParams(window.location.search);
let followLatest = !(shared.get('from') && shared.get('to'));
if (!followLatest) {
  fromInput.value = shared.get('from');
  toInput.value = shared.get('to');
}
let known = {};

const number = (n) => (n == null ? '–' : Number(n).toLocaleString('en'));
const money = (cents) => (cents == null ? '–' : (Number(cents) / 100).toLocaleString('en',
  { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const percent = (share) => (share == null ? '–' : (share * 100).toFixed(2) + ' %');

async function json(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(url + ': HTTP ' + response.status);
  }
  return response.json();
}

function chart(panel) {
  if (!charts[panel]) {
    charts[panel] = echarts.init(document.querySelector('#' + panel + ' .chart'));
  }
  return charts[panel];
}

function drawn(panel, rows) {
  document.getElementById(panel).dataset.rows = rows;
}

function tile(id, value, hint) {
  const element = document.getElementById(id);
  element.querySelector('.value').textContent = value;
  if (hint !== undefined) {
    element.querySelector('.hint').textContent = hint;
  }
}

// Each refresh gets a number; a response that comes back after a newer refresh started
// is dropped, so a slow answer for an old range never overwrites a newer one.
let generation = 0;

function stale(mine) {
  return mine !== generation;
}

async function kpis(q, mine) {
  const k = await json('/api/dashboard/kpis' + q);
  if (stale(mine)) {
    return;
  }
  tile('kpi-revenue', money(k.net_revenue_cents));
  tile('kpi-orders', number(k.orders));
  tile('kpi-aov', money(k.average_order_value_cents));
  tile('kpi-conversion', percent(k.conversion_rate), number(k.sessions) + ' sessions');
  tile('kpi-refunds', number(k.refunds), money(k.refund_cents) + ' refunded');
  tile('kpi-late', percent(k.late_rate), number(k.late_events) + ' of ' + number(k.events) + ' events, 5+ min after they occurred');
  tile('kpi-quarantine', percent(k.quarantine_rate), number(k.quarantined) + ' of ' + number(k.messages_published) + ' messages');
  document.getElementById('kpi-quarantine').dataset.quarantined = k.quarantined;
  document.getElementById('kpi-late').dataset.late = k.late_events;
  document.getElementById('kpis').dataset.range = k.from + '..' + k.to;
}

async function revenue(q, mine) {
  const days = await json('/api/dashboard/daily-sales' + q);
  if (stale(mine)) {
    return;
  }
  chart('panel-revenue').setOption({
    tooltip: { trigger: 'axis' },
    legend: { data: ['net revenue', 'orders'] },
    xAxis: { type: 'category', data: days.map((d) => d.sales_date) },
    yAxis: [{ type: 'value', name: 'net revenue' }, { type: 'value', name: 'orders' }],
    series: [
      { name: 'net revenue', type: 'line', smooth: true, areaStyle: {}, data: days.map((d) => Number(d.net_cents) / 100) },
      { name: 'orders', type: 'bar', yAxisIndex: 1, data: days.map((d) => Number(d.orders)) },
    ],
  }, true);
  drawn('panel-revenue', days.length);
}

async function products(q, mine) {
  const rows = (await json('/api/dashboard/top-products' + q + '&limit=10')).reverse();
  if (stale(mine)) {
    return;
  }
  chart('panel-products').setOption({
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 200 },
    xAxis: { type: 'value', name: 'revenue' },
    yAxis: { type: 'category', data: rows.map((p) => (p.product_name || p.product_id)) },
    series: [{ name: 'revenue', type: 'bar', data: rows.map((p) => Number(p.revenue_cents) / 100) }],
  }, true);
  drawn('panel-products', rows.length);
}

async function categories(q, mine) {
  const rows = (await json('/api/dashboard/categories' + q + '&limit=12')).reverse();
  if (stale(mine)) {
    return;
  }
  chart('panel-categories').setOption({
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 260 },
    xAxis: { type: 'value', name: 'revenue' },
    yAxis: { type: 'category', data: rows.map((c) => c.category_path) },
    series: [{ name: 'revenue', type: 'bar', data: rows.map((c) => Number(c.revenue_cents) / 100) }],
  }, true);
  drawn('panel-categories', rows.length);
}

async function realism(q, mine) {
  const verdict = await json('/api/dashboard/realism' + q);
  if (stale(mine)) {
    return;
  }
  const element = document.getElementById('kpi-realism');
  const value = element.querySelector('.value');
  const link = element.querySelector('.hint a');
  element.dataset.state = verdict.state;
  link.href = '/api/dashboard/realism' + q;
  if (verdict.state === 'in_band' || verdict.state === 'out_of_band' || verdict.state === 'few_sessions') {
    element.dataset.inBand = verdict.in_band;
    value.textContent = verdict.in_band + ' of ' + verdict.measured + ' in band';
    value.className = 'value verdict-' + ({ in_band: 'matched', out_of_band: 'differences' }[verdict.state] || 'waiting');
    link.textContent = verdict.state === 'few_sessions'
      ? number(verdict.sessions) + ' sessions: too few to judge the bands'
      : verdict.tells_passed + ' of ' + verdict.tells + ' generator tells pass';
  }
  else {
    value.textContent = verdict.state === 'none' ? 'nothing generated' : 'producer unavailable';
    value.className = 'value verdict-waiting';
    link.textContent = 'details';
  }
}

async function funnel(q, mine) {
  const steps = await json('/api/dashboard/funnel' + q);
  if (stale(mine)) {
    return;
  }
  chart('panel-funnel').setOption({
    tooltip: { formatter: (p) => p.name + ': ' + number(p.value) + ' sessions' },
    series: [{
      type: 'funnel', sort: 'none', minSize: '8%', left: '5%', width: '60%', label: { formatter: (p) => p.name + ' ' + number(p.value) },
      data: steps.map((s) => ({ name: s.step.replace('_', ' '), value: Number(s.sessions) })),
    }],
  }, true);
  drawn('panel-funnel', steps.filter((s) => Number(s.sessions) > 0).length);
}

async function attribution(q, mine) {
  const rows = await json('/api/dashboard/attribution' + q);
  if (stale(mine)) {
    return;
  }
  const body = document.querySelector('#panel-attribution tbody');
  body.replaceChildren(...rows.map((c) => {
    const tr = document.createElement('tr');
    [c.utm_campaign || c.campaign_id, c.platform_name || '', c.channel || '', number(c.clicks),
      money(Number(c.cost_micros) / 10000), number(c.orders), money(c.revenue_cents),
      c.roas == null ? '–' : Number(c.roas).toFixed(2)].forEach((text) => {
      const td = document.createElement('td');
      td.textContent = text;
      tr.appendChild(td);
    });
    return tr;
  }));
  drawn('panel-attribution', rows.length);
}

async function quality(q, mine) {
  const dq = await json('/api/dashboard/data-quality' + q);
  if (stale(mine)) {
    return;
  }
  const days = [...new Set(dq.quarantined.map((r) => r.publish_date))].sort();
  const stages = [...new Set(dq.quarantined.map((r) => r.stage))].sort();
  chart('panel-quality').setOption({
    tooltip: { trigger: 'axis' },
    legend: { data: stages },
    xAxis: { type: 'category', data: days },
    yAxis: { type: 'value', name: 'messages' },
    series: stages.map((stage) => ({
      name: stage, type: 'bar', stack: 'quarantine',
      data: days.map((day) => {
        const row = dq.quarantined.find((r) => r.publish_date === day && r.stage === stage);
        return row ? Number(row.messages) : 0;
      }),
    })),
  }, true);
  drawn('panel-quality', dq.quarantined.length);
}

async function reconciliation(q, mine) {
  const verdict = await json('/api/dashboard/reconciliation');
  if (stale(mine)) {
    return;
  }
  const element = document.getElementById('kpi-reconciliation');
  const value = element.querySelector('.value');
  const link = element.querySelector('.hint a');
  element.dataset.state = verdict.state;
  if (verdict.state === 'matched' || verdict.state === 'differences') {
    value.textContent = verdict.state === 'matched' ? 'matched' : number(verdict.difference_count) + ' differences';
    value.className = 'value verdict-' + verdict.state;
    link.textContent = number(verdict.figures_compared) + ' figures, '
      + (verdict.watermark ? 'as published up to ' + String(verdict.watermark).replace('T', ' ').slice(0, 19) + ' UTC'
        : 'everything loaded');
  }
  else {
    value.textContent = verdict.state === 'not_built' ? 'no run yet' : 'ledger unavailable';
    value.className = 'value verdict-waiting';
    link.textContent = 'details';
  }
}

async function runs(q, mine) {
  const rows = (await json('/runs')).slice(0, 10);
  if (stale(mine)) {
    return;
  }
  const body = document.querySelector('#panel-runs tbody');
  body.replaceChildren(...rows.map((run) => {
    const tr = document.createElement('tr');
    const c = run.counts || {};
    const models = number(c.models_success || 0) + ' built' + (c.models_failed ? ', ' + c.models_failed + ' failed' : '')
      + (c.models_skipped ? ', ' + c.models_skipped + ' skipped' : '');
    const tests = number(c.tests_pass || 0) + ' pass' + (c.tests_fail ? ', ' + c.tests_fail + ' fail' : '')
      + (c.tests_warn ? ', ' + c.tests_warn + ' warn' : '');
    [String(run.started_at).replace('T', ' ').slice(0, 19), run.trigger, run.status,
      run.duration_ms == null ? '–' : (run.duration_ms / 1000).toFixed(1) + ' s', models, tests].forEach((text, i) => {
      const td = document.createElement('td');
      td.textContent = text;
      if (i === 2) {
        td.className = 'status-' + run.status;
      }
      tr.appendChild(td);
    });
    return tr;
  }));
  drawn('panel-runs', rows.length);
}

async function lineage(q, mine) {
  const graph = await json('/lineage');
  if (stale(mine)) {
    return;
  }
  const depth = {};
  const parents = {};
  graph.edges.forEach((e) => (parents[e.to] = (parents[e.to] || []).concat(e.from)));
  const depthOf = (id) => {
    if (depth[id] === undefined) {
      depth[id] = (parents[id] || []).reduce((d, p) => Math.max(d, depthOf(p) + 1), 0);
    }
    return depth[id];
  };
  const rows = {};
  const nodes = graph.nodes.map((n) => {
    const d = depthOf(n.id);
    rows[d] = (rows[d] || 0) + 1;
    return {
      name: n.id, x: d * 220, y: rows[d] * 42, symbolSize: 12,
      itemStyle: { color: n.kind === 'source' ? '#8a94a6' : (n.id.startsWith('stg_') ? '#5b8def' : '#2eaa6b') },
      label: { show: true, position: 'right', fontSize: 10 },
    };
  });
  chart('panel-lineage').setOption({
    tooltip: {},
    series: [{
      type: 'graph', layout: 'none', roam: true, edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 6,
      lineStyle: { opacity: 0.5, curveness: 0.1 }, data: nodes,
      links: graph.edges.map((e) => ({ source: e.from, target: e.to })),
    }],
  }, true);
  drawn('panel-lineage', nodes.length);
}

async function refresh() {
  const status = document.getElementById('status');
  const mine = ++generation;
  try {
    const range = await json('/api/dashboard/range');
    if (stale(mine)) {
      return;
    }
    known = range;
    if (followLatest) {
      const today = new Date().toISOString().slice(0, 10);
      fromInput.value = range.from || today;
      toInput.value = range.to || today;
    }
    const from = fromInput.value;
    const to = toInput.value;
    const q = '?from=' + from + '&to=' + to;
    await Promise.all([kpis(q, mine), revenue(q, mine), products(q, mine), categories(q, mine), funnel(q, mine),
      attribution(q, mine), quality(q, mine), reconciliation(q, mine), realism(q, mine), runs(q, mine),
      lineage(q, mine)]);
    if (stale(mine)) {
      return;
    }
    document.body.dataset.range = from + '..' + to;
    status.textContent = 'updated ' + new Date().toLocaleTimeString('en-GB') + ' · refreshes every 30 s';
  }
  catch (error) {
    if (!stale(mine)) {
      status.textContent = 'could not load: ' + error.message;
    }
  }
}

function rangeChanged() {
  if (fromInput.value && toInput.value) {
    followLatest = false;
    window.history.replaceState(null, '', '?from=' + fromInput.value + '&to=' + toInput.value);
    refresh();
  }
}

// Quick ranges: today (UTC); the last 7 or 30 days up to the newest day with data; all.
function quick(kind) {
  const last = known.last || new Date().toISOString().slice(0, 10);
  const back = (days) => new Date(Date.parse(last + 'T00:00:00Z') - (days - 1) * 86400000).toISOString().slice(0, 10);
  if (kind === 'today') {
    fromInput.value = new Date().toISOString().slice(0, 10);
    toInput.value = fromInput.value;
  }
  else if (kind === 'all') {
    fromInput.value = known.first || last;
    toInput.value = last;
  }
  else {
    fromInput.value = back(Number(kind));
    toInput.value = last;
  }
  rangeChanged();
}

fromInput.addEventListener('change', rangeChanged);
toInput.addEventListener('change', rangeChanged);
document.querySelectorAll('[data-quick]').forEach((button) => button.addEventListener('click', () => quick(button.dataset.quick)));
window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
refresh();
setInterval(refresh, REFRESH_MS);
