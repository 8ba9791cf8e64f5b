// Harness dashboard: draws the page the path names from the JSON API, and polls it (with the last stamp, so an
// unchanged store costs a 304) to stay live. Text from the store only ever enters the page as DOM text (h(), below)
// or, in chart tooltips, through esc().
'use strict';

const POLL_MS = 2000;
const STATES = ['pending', 'running', 'complete', 'pruned', 'diverged', 'failed', 'interrupted'];

// ---- small helpers ------------------------------------------------------------------------------------------
function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const kid of kids.flat(Infinity)) if (kid != null) el.append(kid instanceof Node ? kid : String(kid));
  return el;
}
const esc = s => String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const isNum = v => typeof v === 'number' && isFinite(v);
const pct = v => isNum(v) ? (100 * v).toFixed(2) + '%' : '–';
const num = v => isNum(v) ? String(Number(v.toPrecision(4))) : '–';
const secs = v => isNum(v) ? v.toFixed(1) : '–';
const expUrl = (name, version) => '/experiments/' + encodeURIComponent(name) + (version ? '?version=' + version : '');
const api = (name, what, params) => '/api/experiments/' + encodeURIComponent(name) + (what ? '/' + what : '') +
  '?' + new URLSearchParams(Object.entries(params || {}).filter(([, v]) => v !== '' && v != null)).toString();
const stateTag = s => h('span', { class: 'state ' + s }, s);
const paramText = (names, values) => names.map((n, i) => n + '=' + (values[i] ?? '–')).join(', ');

async function getJson(url) {
  const r = await fetch(url, { cache: 'no-store' });
  if (r.status === 304) return null;
  const body = await r.json().catch(() => ({ error: r.status + ' ' + r.statusText }));
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

// One timer per page: runs every registered poller, marks the header when a poll fails.
const pollers = [];
function poll(fn) { pollers.push(fn); }
async function tick() {
  const live = document.getElementById('live');
  try {
    for (const fn of pollers) await fn();
    live.textContent = 'live';
    live.title = 'updated ' + new Date().toLocaleTimeString() + '; the page polls the store every 2 seconds';
    live.className = '';
  } catch (e) {
    live.textContent = 'not updating: ' + e.message;
    live.className = 'stale';
  }
  setTimeout(tick, POLL_MS);
}

const charts = {};
function chart(id) {
  const el = document.getElementById(id);
  if (!el) return null;
  return charts[id] || (charts[id] = echarts.init(el));
}
window.addEventListener('resize', () => Object.values(charts).forEach(c => c.resize()));

function tipFor(p, names) {
  return '<b>trial #' + esc(p.number) + '</b> (' + esc(p.state) + ')<br>val acc ' + esc(pct(p.validationAccuracy)) +
    ' · test acc ' + esc(pct(p.testAccuracy)) + ' · seed ' + esc(p.seed ?? '–') + '<br>' +
    names.map((n, i) => esc(n) + ' = ' + esc(p.params[i] ?? '–')).join('<br>');
}
function openTrialOnClick(c) {
  c.off('click');
  c.on('click', e => { const id = e.data && (e.data.id ?? (e.data.trial && e.data.trial.id)); if (id) location.href = '/trials/' + id; });
}

// ---- pages --------------------------------------------------------------------------------------------------
async function listPage(main) {
  main.replaceChildren(h('h1', {}, 'Experiments'), h('div', { class: 'tablewrap' }, h('table', { id: 'experiments' })));
  let stamp = '';
  poll(async () => {
    const list = await getJson('/api/experiments' + (stamp ? '?since=' + encodeURIComponent(stamp) : ''));
    if (!list) return;
    stamp = list.map(x => x.stamp).join('-');
    const head = h('tr', {}, ['experiment', 'version', 'trials', ...STATES, 'best val acc', 'best test acc', 'last activity', 'description']
      .map(t => h('th', { class: t === 'experiment' || t === 'description' || t === 'last activity' ? '' : 'num' }, t)));
    const rows = list.map(x => h('tr', {},
      h('td', {}, h('a', { href: expUrl(x.name) }, x.name)), h('td', { class: 'num' }, x.version), h('td', { class: 'num' }, x.trials),
      STATES.map(s => h('td', { class: 'num' }, x.counts[s] || '')), h('td', { class: 'num' }, pct(x.bestValidationAccuracy)),
      h('td', { class: 'num' }, pct(x.bestTestAccuracy)), h('td', {}, x.lastActivityUtc ? new Date(x.lastActivityUtc).toLocaleString() : '–'),
      h('td', {}, x.description ?? '')));
    document.getElementById('experiments').replaceChildren(h('thead', {}, head), h('tbody', {}, rows.length ? rows :
      h('tr', {}, h('td', { colspan: 14, class: 'muted' }, 'The store holds no experiments yet; run `harness sweep FILE`.'))));
  });
}

async function experimentPage(main, name, version) {
  const q = { filter: '', state: '', sort: 'number', order: 'asc', offset: 0, limit: 50 };
  const detail = await getJson(api(name, '', { version }));
  const s = detail.summary;
  const filter = h('input', { type: 'search', id: 'filter', placeholder: 'filter, e.g. tanh width=256', title: 'every word must occur in the row (state, parameters as name=value, seed, host, error)' });
  const state = h('select', { id: 'state' }, h('option', { value: '' }, 'any state'), STATES.map(x => h('option', { value: x }, x)));
  main.replaceChildren(
    h('h1', {}, h('span', { id: 'title' }, s.name), ' ', h('span', { class: 'muted' }, 'v' + s.version)),
    s.description ? h('p', {}, s.description) : '',
    h('div', { class: 'cards', id: 'cards' }),
    h('p', {}, h('a', { href: '/compare?a=' + encodeURIComponent(s.name) }, 'compare with another experiment'),
      s.versions.length > 1 ? [' · versions: ', s.versions.map(v => h('a', { href: expUrl(s.name, v) }, 'v' + v + ' '))] : ''),
    h('div', { class: 'charts' }, h('div', { class: 'chart', id: 'chart-history' }), h('div', { class: 'chart', id: 'chart-parallel' }),
      h('div', { class: 'chart', id: 'chart-curves' })),
    h('h2', {}, 'Trials'),
    h('div', { class: 'toolbar' }, filter, state, h('span', { id: 'matched', class: 'muted' }),
      h('button', { id: 'prev', type: 'button' }, '‹ prev'), h('button', { id: 'next', type: 'button' }, 'next ›')),
    h('div', { class: 'tablewrap' }, h('table', { id: 'trials' })),
    h('h2', {}, 'Validation accuracy against each parameter'),
    h('div', { class: 'charts', id: 'param-charts' }),
    h('h2', {}, 'Specification'), h('details', {}, h('summary', {}, 'experiment file as stored'), h('pre', {}, detail.spec)));

  let tableStamp = '', pointsStamp = '', dirty = true;
  const refresh = () => { dirty = true; tableStamp = ''; loadTable().catch(showError); };
  let typing;
  filter.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(() => { q.filter = filter.value; q.offset = 0; refresh(); }, 250); });
  state.addEventListener('change', () => { q.state = state.value; q.offset = 0; refresh(); });
  document.getElementById('prev').addEventListener('click', () => { q.offset = Math.max(0, q.offset - q.limit); refresh(); });
  document.getElementById('next').addEventListener('click', () => { q.offset += q.limit; refresh(); });

  async function loadTable() {
    const page = await getJson(api(name, 'trials', { version, ...q, since: dirty ? '' : tableStamp }));
    dirty = false;
    if (!page) return;
    tableStamp = page.stamp;
    drawCards(page);
    drawTable(page);
  }
  function drawCards(page) {
    const cards = [['trials', page.total], ...STATES.filter(x => page.counts[x]).map(x => [x, page.counts[x]])];
    document.getElementById('cards').replaceChildren(...cards.map(([k, v]) => h('div', { class: 'card', dataset: { state: k } }, h('b', {}, v), k)));
  }
  function drawTable(page) {
    const cols = [['number', '#', 'num'], ['state', 'state', ''], ...page.paramNames.map(p => ['p:' + p, p, '']),
      ['val_acc', 'val acc', 'num'], ['test_acc', 'test acc', 'num'], ['val_loss', 'val loss', 'num'], ['best_epoch', 'best epoch', 'num'],
      ['epochs', 'epochs', 'num'], ['seconds', 'seconds', 'num'], ['seed', 'seed', 'num'], ['host', 'host', '']];
    const head = h('tr', {}, cols.map(([key, label, cls]) => h('th', {
      'data-key': key, class: [cls, key === q.sort ? 'sorted' : '', key === q.sort && q.order === 'desc' ? 'desc' : ''].join(' ').trim() || null,
      title: 'sort by ' + label, onclick: () => {
        if (q.sort === key) q.order = q.order === 'asc' ? 'desc' : 'asc'; else { q.sort = key; q.order = key.startsWith('val_acc') || key === 'test_acc' ? 'desc' : 'asc'; }
        q.offset = 0; refresh();
      },
    }, label)));
    const rows = page.rows.map(r => h('tr', { class: 'clickable', 'data-id': r.id, title: r.error || null, onclick: () => { location.href = '/trials/' + r.id; } },
      h('td', { class: 'num' }, h('a', { href: '/trials/' + r.id }, r.number)), h('td', {}, stateTag(r.state)),
      r.params.map(v => h('td', {}, v ?? '–')), h('td', { class: 'num' }, pct(r.validationAccuracy)), h('td', { class: 'num' }, pct(r.testAccuracy)),
      h('td', { class: 'num' }, num(r.validationLoss)), h('td', { class: 'num' }, r.bestEpoch ?? '–'), h('td', { class: 'num' }, r.epochsRun),
      h('td', { class: 'num' }, secs(r.seconds)), h('td', { class: 'num' }, r.seed), h('td', {}, r.host ?? '–')));
    document.getElementById('trials').replaceChildren(h('thead', {}, head), h('tbody', {}, rows));
    const last = Math.min(page.matched, page.offset + page.rows.length);
    document.getElementById('matched').textContent = page.matched === 0 ? 'no trial matches (' + page.total + ' in all)'
      : 'rows ' + (page.offset + 1) + '–' + last + ' of ' + page.matched + (page.matched !== page.total ? ' (' + page.total + ' in all)' : '');
    document.getElementById('prev').disabled = page.offset === 0;
    document.getElementById('next').disabled = last >= page.matched;
  }
  // Plots redraw on every change, but at most every 10 s for experiments of more than 2,000 trials.
  let plotsAt = 0, plotEvery = 0;
  async function loadPlots() {
    if (Date.now() - plotsAt < plotEvery) return;
    const points = await getJson(api(name, 'points', { version, since: pointsStamp }));
    if (!points) return;
    pointsStamp = points.stamp;
    plotsAt = Date.now();
    plotEvery = points.points.length > 2000 ? 10000 : 0;
    Plots.history(chart('chart-history'), points);
    Plots.parallel(chart('chart-parallel'), points);
    Plots.perParam(points);
    const curves = await getJson(api(name, 'curves', { version }));
    Plots.curves(chart('chart-curves'), curves);
  }
  function showError(e) { document.getElementById('matched').replaceChildren(h('span', { class: 'error' }, e.message)); }
  poll(loadTable);
  poll(loadPlots);
}

async function trialPage(main, id) {
  let last = '';
  poll(async () => {
    const d = await getJson('/api/trials/' + id);
    const key = JSON.stringify([d.trial.state, d.epochs.length, d.trial.heartbeatUtc]);
    if (key === last) return;
    last = key;
    const t = d.trial;
    const field = (k, v) => [h('dt', {}, k), h('dd', {}, v ?? '–')];
    main.replaceChildren(
      h('h1', {}, h('a', { href: expUrl(t.experiment, t.version) }, t.experiment), ' v' + t.version + ' · trial #' + t.number + ' ', stateTag(t.state)),
      h('div', { class: 'side' },
        h('div', {}, h('h2', {}, 'Result'), h('dl', { class: 'kv', id: 'fields' },
          field('validation accuracy', pct(t.validationAccuracy)), field('test accuracy', pct(t.testAccuracy)),
          field('validation loss', num(t.validationLoss)), field('test loss', num(t.testLoss)), field('best epoch', t.bestEpoch),
          field('epochs run', t.epochsRun), field('seconds', secs(t.seconds)), field('seed', t.seed), field('repeat', t.repeat),
          field('engine', t.engine), field('device', t.device), field('host', t.host), field('process', t.processId),
          field('started', t.startedUtc), field('finished', t.finishedUtc), field('key', t.key), field('error', t.error))),
        h('div', {}, h('h2', {}, 'Parameters'), h('dl', { class: 'kv', id: 'params' }, d.paramNames.map((n, i) => field(n, d.params[i]))),
          h('h2', {}, 'Reproduce'), h('p', {}, 'Save ', h('a', { href: '/api/trials/' + t.id + '/config.json', download: d.configFile }, d.configFile),
            ' (this configuration, its seed and the experiment\'s dataset), then run:'), h('code', { class: 'command', id: 'command' }, d.command))),
      h('h2', {}, 'Learning curves'),
      h('div', { class: 'charts' }, h('div', { class: 'chart', id: 'chart-accuracy' }), h('div', { class: 'chart', id: 'chart-loss' })),
      h('h2', {}, 'Full configuration'), h('pre', { id: 'config' }, d.config));
    for (const k of Object.keys(charts)) { charts[k].dispose(); delete charts[k]; }
    Plots.trialCurves(chart('chart-accuracy'), chart('chart-loss'), d.epochs);
  });
}

async function comparePage(main, a, b, av, bv) {
  const list = await getJson('/api/experiments');
  const pick = (id, value) => h('select', { id, onchange: go }, h('option', { value: '' }, 'choose an experiment'),
    list.map(x => h('option', { value: x.name, selected: x.name === value }, x.name)));
  function go() {
    const p = new URLSearchParams({ a: document.getElementById('pick-a').value, b: document.getElementById('pick-b').value });
    location.href = '/compare?' + p.toString();
  }
  main.replaceChildren(h('h1', {}, 'Compare experiments'), h('div', { class: 'toolbar' }, pick('pick-a', a), ' vs ', pick('pick-b', b)),
    h('div', { id: 'compare' }));
  if (!a || !b) return;
  const stamps = ['', ''];
  poll(async () => {
    const sides = await Promise.all([[a, av], [b, bv]].map(async ([n, v], i) => {
      const [detail, points] = await Promise.all([getJson(api(n, '', { version: v })), getJson(api(n, 'points', { version: v }))]);
      return { detail, points, i };
    }));
    const now = sides.map(x => x.points.stamp);
    if (now[0] === stamps[0] && now[1] === stamps[1]) return;
    now.forEach((x, i) => { stamps[i] = x; });
    const column = ({ detail: { summary: s }, points }, i) => {
      const top = points.points.filter(p => isNum(p.validationAccuracy)).sort((x, y) => y.validationAccuracy - x.validationAccuracy).slice(0, 10);
      return h('div', { id: 'side-' + i },
        h('h2', {}, h('a', { href: expUrl(s.name, s.version) }, s.name), ' v' + s.version),
        h('div', { class: 'cards' }, h('div', { class: 'card' }, h('b', {}, s.trials), 'trials'),
          h('div', { class: 'card' }, h('b', {}, pct(s.bestValidationAccuracy)), 'best val acc'),
          h('div', { class: 'card' }, h('b', {}, pct(s.bestTestAccuracy)), 'best test acc')),
        h('p', {}, s.best ? 'best: trial #' + s.best.number + ' · ' + paramText(s.paramNames, s.best.params) : 'no finished trial yet'),
        h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, 'parameters'), h('th', { class: 'num' }, 'val acc'), h('th', { class: 'num' }, 'test acc'))),
          h('tbody', {}, top.map(p => h('tr', { class: 'clickable', onclick: () => { location.href = '/trials/' + p.id; } },
            h('td', {}, p.number), h('td', {}, paramText(points.paramNames, p.params)), h('td', { class: 'num' }, pct(p.validationAccuracy)),
            h('td', { class: 'num' }, pct(p.testAccuracy)))))));
    };
    const shared = sides[0].points.paramNames.filter(n => sides[1].points.paramNames.includes(n));
    document.getElementById('compare').replaceChildren(h('div', { class: 'side' }, sides.map(column)),
      h('h2', {}, 'Validation accuracy by trial'), h('div', { class: 'chart', id: 'chart-compare' }),
      shared.length ? h('h2', {}, 'Against the parameters both search') : '', h('div', { class: 'charts', id: 'compare-params' },
        shared.map(n => h('div', { class: 'chart small', id: 'compare-p-' + shared.indexOf(n) }))));
    for (const k of Object.keys(charts)) { charts[k].dispose(); delete charts[k]; }
    Plots.compare(chart('chart-compare'), sides.map(x => x.points), shared);
    shared.forEach((n, k) => Plots.compareParam(chart('compare-p-' + k), sides.map(x => x.points), n));
  });
}

// ---- router -------------------------------------------------------------------------------------------------
async function route() {
  const main = document.getElementById('main');
  const path = location.pathname, query = new URLSearchParams(location.search);
  let m;
  try {
    if (path === '/') await listPage(main);
    else if ((m = path.match(/^\/experiments\/([^/]+)$/))) await experimentPage(main, decodeURIComponent(m[1]), query.get('version') || '');
    else if ((m = path.match(/^\/trials\/(\d+)$/))) await trialPage(main, m[1]);
    else if (path === '/compare') await comparePage(main, query.get('a') || '', query.get('b') || '', query.get('av') || '', query.get('bv') || '');
    else main.replaceChildren(h('p', { class: 'error' }, 'No page here.'));
  } catch (e) {
    main.replaceChildren(h('p', { class: 'error' }, e.message), h('p', {}, h('a', { href: '/' }, 'all experiments')));
    return;
  }
  tick();
}
document.addEventListener('DOMContentLoaded', route);
