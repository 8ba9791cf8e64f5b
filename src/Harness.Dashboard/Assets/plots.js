// Chart options for the dashboard (Apache ECharts). Every tooltip is built with esc() from app.js; clicking a
// trial's point or line opens its page. Scatter series are 'large' (drawn as one path above ECharts' largeThreshold
// of 2,000 points, hover still finds the point), so 10,000 trials stay responsive.
'use strict';

const Plots = (() => {
  const finished = p => isNum(p.validationAccuracy);
  const percentAxis = { type: 'value', name: 'val acc (%)', nameLocation: 'middle', nameGap: 34, scale: true, max: v => Math.min(100, Math.ceil(v.max)) };
  const base = title => ({ title: { text: title, left: 8, top: 4, textStyle: { fontSize: 13 } }, animation: false,
    grid: { left: 56, right: 24, top: 40, bottom: 40 }, tooltip: { trigger: 'item', confine: true } });
  // A numeric parameter spanning two decades or more (learning rates, weight decay) gets a log axis.
  const logScale = (values) => { const v = values.filter(isNum); return v.length > 1 && Math.min(...v) > 0 && Math.max(...v) / Math.min(...v) >= 100; };
  const numberOr = (text, numeric) => numeric ? Number(text) : text;
  const categories = (points, i) => [...new Set(points.map(p => p.params[i]).filter(v => v != null))].sort();

  function history(c, d) {
    const pts = d.points.filter(finished).sort((a, b) => a.number - b.number);
    let best = -Infinity;
    const line = pts.map(p => { best = Math.max(best, p.validationAccuracy); return [p.number, 100 * best]; });
    c.setOption({
      ...base('Optimization history'),
      xAxis: { type: 'value', name: 'trial', nameLocation: 'middle', nameGap: 24, minInterval: 1 }, yAxis: percentAxis,
      legend: { top: 4, right: 8 },
      series: [
        { name: 'trial', type: 'scatter', symbolSize: 7, large: true,
          data: pts.map(p => ({ value: [p.number, 100 * p.validationAccuracy], id: p.id, trial: p })),
          tooltip: { formatter: e => tipFor(e.data.trial, d.paramNames) } },
        { name: 'best so far', type: 'line', step: 'end', showSymbol: false, silent: true, z: 1, data: line, tooltip: { show: false } },
      ],
    }, true);
    openTrialOnClick(c);
  }

  function parallel(c, d) {
    const pts = d.points.filter(finished);
    const axes = d.paramNames.map((n, i) => d.paramNumeric[i]
      ? { dim: i, name: n, type: logScale(pts.map(p => Number(p.params[i]))) ? 'log' : 'value', scale: true }
      : { dim: i, name: n, type: 'category', data: categories(pts, i) });
    axes.push({ dim: d.paramNames.length, name: 'val acc (%)', type: 'value', scale: true });
    c.setOption({
      ...base('Parallel coordinates'), parallel: { left: 40, right: 70, top: 60, bottom: 30 }, parallelAxis: axes,
      visualMap: { show: false, dimension: d.paramNames.length, min: Math.min(...pts.map(p => 100 * p.validationAccuracy), 100) - 0.001,
        max: Math.max(...pts.map(p => 100 * p.validationAccuracy), 0), inRange: { color: ['#d0d8e8', '#2f6fdb', '#0b2a6b'] } },
      series: [{ type: 'parallel', lineStyle: { width: 1.2, opacity: pts.length > 500 ? 0.25 : 0.7 }, progressive: 1000,
        emphasis: { lineStyle: { width: 3, opacity: 1 } },
        data: pts.map(p => ({ value: [...p.params.map((v, i) => numberOr(v, d.paramNumeric[i])), 100 * p.validationAccuracy], id: p.id, trial: p })),
        tooltip: { formatter: e => tipFor(e.data.trial, d.paramNames) } }],
    }, true);
    openTrialOnClick(c);
  }

  function perParam(d) {
    const box = document.getElementById('param-charts');
    if (box.children.length !== d.paramNames.length) {
      box.replaceChildren(...d.paramNames.map((n, i) => h('div', { class: 'chart small', id: 'chart-param-' + i })));
      for (const k of Object.keys(charts)) if (k.startsWith('chart-param-')) { charts[k].dispose(); delete charts[k]; }
    }
    const pts = d.points.filter(finished);
    d.paramNames.forEach((n, i) => {
      const numeric = d.paramNumeric[i];
      const c = chart('chart-param-' + i);
      c.setOption({
        ...base('val acc against ' + n),
        xAxis: numeric ? { type: logScale(pts.map(p => Number(p.params[i]))) ? 'log' : 'value', name: n, nameLocation: 'middle', nameGap: 24, scale: true }
          : { type: 'category', name: n, nameLocation: 'middle', nameGap: 24, data: categories(pts, i) },
        yAxis: percentAxis,
        series: [{ type: 'scatter', symbolSize: 7, large: true,
          data: pts.filter(p => p.params[i] != null).map(p => ({ value: [numberOr(p.params[i], numeric), 100 * p.validationAccuracy], id: p.id, trial: p })),
          tooltip: { formatter: e => tipFor(e.data.trial, d.paramNames) } }],
      }, true);
      openTrialOnClick(c);
    });
  }

  function curves(c, d) {
    c.setOption({
      ...base('Learning curves (best ' + d.curves.filter(x => x.state !== 'running').length + ', running ' +
        d.curves.filter(x => x.state === 'running').length + ')'),
      xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 24, minInterval: 1 }, yAxis: percentAxis,
      series: d.curves.map(t => ({ name: '#' + t.number, type: 'line', showSymbol: t.epochs.length < 2, smooth: false,
        lineStyle: { type: t.state === 'running' ? 'dashed' : 'solid' }, emphasis: { focus: 'series' },
        data: t.epochs.map((e, k) => ({ value: [e, isNum(t.validationAccuracy[k]) ? 100 * t.validationAccuracy[k] : null], id: t.id, trial: t })),
        tooltip: { formatter: e => '<b>trial #' + esc(t.number) + '</b> (' + esc(t.state) + ') epoch ' + esc(e.value[0]) + ': val acc ' +
          esc(isNum(e.value[1]) ? e.value[1].toFixed(2) + '%' : '–') + '<br>' + d.paramNames.map((n, i) => esc(n) + ' = ' + esc(t.params[i] ?? '–')).join('<br>') } })),
    }, true);
    openTrialOnClick(c);
  }

  function trialCurves(acc, loss, epochs) {
    const x = epochs.map(e => e.epoch);
    const line = (name, values) => ({ name, type: 'line', showSymbol: epochs.length < 30, data: x.map((e, k) => [e, values[k]]) });
    const axis = { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 24, minInterval: 1 };
    const pctOf = v => isNum(v) ? 100 * v : null;
    const tip = { trigger: 'axis', confine: true, valueFormatter: v => isNum(v) ? v.toFixed(4) : '–' };
    acc.setOption({ ...base('Accuracy (%)'), tooltip: tip, legend: { top: 4, right: 8 }, xAxis: axis, yAxis: { ...percentAxis, name: '' },
      series: [line('train', epochs.map(e => pctOf(e.trainAccuracy))), line('validation', epochs.map(e => pctOf(e.validationAccuracy)))] }, true);
    loss.setOption({ ...base('Loss'), tooltip: tip, legend: { top: 4, right: 8 }, xAxis: axis, yAxis: { type: 'value', scale: true },
      series: [line('train', epochs.map(e => isNum(e.trainLoss) ? e.trainLoss : null)), line('validation', epochs.map(e => isNum(e.validationLoss) ? e.validationLoss : null))] }, true);
  }

  function compare(c, sides, shared) {
    c.setOption({
      ...base(''), legend: { top: 4 }, xAxis: { type: 'value', name: 'trial', nameLocation: 'middle', nameGap: 24, minInterval: 1 }, yAxis: percentAxis,
      series: sides.map(d => ({ name: d.experiment + ' v' + d.version, type: 'scatter', symbolSize: 7, large: true,
        data: d.points.filter(finished).map(p => ({ value: [p.number, 100 * p.validationAccuracy], id: p.id, trial: p })),
        tooltip: { formatter: e => esc(d.experiment) + '<br>' + tipFor(e.data.trial, d.paramNames) } })),
    }, true);
    openTrialOnClick(c);
  }

  function compareParam(c, sides, name) {
    const numeric = sides.every(d => d.paramNumeric[d.paramNames.indexOf(name)]);
    const values = sides.flatMap(d => d.points.filter(finished).map(p => p.params[d.paramNames.indexOf(name)]));
    c.setOption({
      ...base('val acc against ' + name), legend: { top: 4, right: 8 },
      xAxis: numeric ? { type: logScale(values.map(Number)) ? 'log' : 'value', scale: true, name, nameLocation: 'middle', nameGap: 24 }
        : { type: 'category', data: [...new Set(values.filter(v => v != null))].sort(), name, nameLocation: 'middle', nameGap: 24 },
      yAxis: percentAxis,
      series: sides.map(d => {
        const i = d.paramNames.indexOf(name);
        return { name: d.experiment, type: 'scatter', symbolSize: 7,
          data: d.points.filter(p => finished(p) && p.params[i] != null).map(p => ({ value: [numberOr(p.params[i], numeric), 100 * p.validationAccuracy], id: p.id, trial: p })),
          tooltip: { formatter: e => esc(d.experiment) + '<br>' + tipFor(e.data.trial, d.paramNames) } };
      }),
    }, true);
    openTrialOnClick(c);
  }

  return { history, parallel, perParam, curves, trialCurves, compare, compareParam };
})();
