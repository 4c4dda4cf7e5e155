// labwright HTML report: the page's only script. Everything else is static HTML; this draws the
// metric charts with uPlot from the report JSON embedded in script#labwright-report.
(function () {
  'use strict';
  var COLOURS = { line: '#0072b2', fill: 'rgba(0,114,178,0.10)', threshold: '#d55e00', alarm: '#d55e00' };
  var ticks = window.labwrightTimeTicks;
  var report = JSON.parse(document.getElementById('labwright-report').textContent);
  var charts = Array.prototype.slice.call(document.querySelectorAll('.metric-chart[data-evidence]'));

  function note(el, text) {
    var p = document.createElement('p');
    p.className = 'chart-note';
    p.textContent = text;
    el.appendChild(p);
  }

  function utcTime(ms) {
    return new Date(ms).toISOString().slice(11, 19);
  }

  // Datapoints arrive only for periods that had data; a null between two points further apart
  // than the usual period keeps the line from suggesting values where there were none.
  function series(points) {
    var sorted = points.slice().sort(function (a, b) { return a.timestamp - b.timestamp; });
    var gaps = [];
    for (var i = 1; i < sorted.length; i++) gaps.push(sorted[i].timestamp - sorted[i - 1].timestamp);
    var usual = gaps.length ? gaps.slice().sort(function (a, b) { return a - b; })[Math.floor(gaps.length / 2)] : 0;
    var xs = [], ys = [];
    sorted.forEach(function (p, i) {
      if (i > 0 && usual > 0 && p.timestamp - sorted[i - 1].timestamp > 1.5 * usual) {
        xs.push((sorted[i - 1].timestamp + usual) / 1000);
        ys.push(null);
      }
      xs.push(p.timestamp / 1000);
      ys.push(p.value);
    });
    return { xs: xs, ys: ys, usual: usual };
  }

  function alarmPlugin(alarmAt) {
    var label;
    return {
      hooks: {
        init: function (u) {
          label = document.createElement('div');
          label.className = 'alarm-marker';
          label.textContent = 'ALARM ' + utcTime(alarmAt) + ' UTC';
          u.over.appendChild(label);
        },
        draw: function (u) {
          var x = u.valToPos(alarmAt / 1000, 'x', true);
          var ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = COLOURS.alarm;
          ctx.lineWidth = 2 * devicePixelRatio;
          ctx.setLineDash([]);
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
          ctx.restore();
          label.style.left = u.valToPos(alarmAt / 1000, 'x') + 'px';
        },
      },
    };
  }

  function draw(el, data) {
    var s = series(data.points || []);
    if (!s.xs.length) return note(el, 'No datapoints.');
    var hasThreshold = typeof data.threshold === 'number';
    var hasAlarm = typeof data.alarmAt === 'number';
    var values = s.ys.filter(function (v) { return v !== null; });
    var top = Math.max.apply(null, values.concat(hasThreshold ? [data.threshold] : []));
    var pad = Math.max(s.usual / 1000, 30);
    var lo = Math.min(s.xs[0], hasAlarm ? data.alarmAt / 1000 : Infinity) - pad;
    var hi = Math.max(s.xs[s.xs.length - 1], hasAlarm ? data.alarmAt / 1000 : -Infinity) + pad;
    var opts = {
      width: Math.max(280, el.clientWidth),
      height: 240,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); },
      scales: {
        x: { time: true, range: function () { return [lo, hi]; } },
        y: { range: function () { return [0, top > 0 ? top * 1.15 : 1]; } },
      },
      axes: [
        { label: 'time (UTC)', labelSize: 20, stroke: '#5c6570', grid: { stroke: '#eceef1' },
          // Round steps chosen by the span and the plot's width, labelled to the second when the
          // step is under a minute: distinct labels however short the chart (time-ticks.js).
          splits: function (u, axisIdx, min, max) { return ticks.timeTicks(min, max, u.bbox.width / devicePixelRatio).splits; },
          values: function (u, splits) {
            var step = splits.length > 1 ? splits[1] - splits[0] : ticks.timeTicks(u.scales.x.min, u.scales.x.max, u.bbox.width / devicePixelRatio).step;
            var labels = splits.map(function (v) { return ticks.timeLabel(v, step); });
            // The canvas holds the labels as pixels; the element keeps them as text (tests, tools).
            el.setAttribute('data-x-ticks', labels.join(' '));
            return labels;
          } },
        { label: data.metricName || 'value', labelSize: 20, stroke: '#5c6570', grid: { stroke: '#eceef1' } },
      ],
      series: [
        {},
        { label: data.metricName || 'value', stroke: COLOURS.line, fill: COLOURS.fill, width: 2, spanGaps: false, points: { show: true, size: 7, fill: COLOURS.line } },
      ],
      legend: { live: false },
      plugins: hasAlarm ? [alarmPlugin(data.alarmAt)] : [],
    };
    // Empty ends at the edges of the x range let the threshold line run across the whole plot.
    var xs = [lo].concat(s.xs, [hi]);
    var columns = [xs, [null].concat(s.ys, [null])];
    if (hasThreshold) {
      opts.series.push({ label: 'threshold ' + data.threshold, stroke: COLOURS.threshold, width: 1.5, dash: [6, 4], points: { show: false } });
      columns.push(xs.map(function () { return data.threshold; }));
    }
    var plot = new uPlot(opts, columns, el);
    window.addEventListener('resize', function () {
      plot.setSize({ width: Math.max(280, el.clientWidth), height: 240 });
    });
    el.setAttribute('data-rendered', 'true');
  }

  if (typeof uPlot === 'undefined') {
    charts.forEach(function (el) { note(el, 'The chart library was not bundled into this report; the datapoints are listed below.'); });
    return;
  }
  charts.forEach(function (el) {
    var ref = el.getAttribute('data-evidence').split('.');
    var test = report.results.tests[Number(ref[0])];
    var evidence = test && test.extra.evidence[Number(ref[1])];
    if (!evidence) return note(el, 'The datapoints of this chart are missing from the report.');
    try {
      draw(el, evidence.data);
    } catch (err) {
      note(el, 'The chart could not be drawn (' + err.message + '); the datapoints are listed below.');
    }
  });
})();
