// Ticks for the report's time axes (uPlot's x scale is in epoch seconds, UTC). The step is the
// smallest "round" one that leaves each label its room on the plot's width, and the label format
// follows the step: seconds under a minute ("23:19:30"), minutes under a day ("23:19"), dates
// beyond — so a one-minute chart never reads "23:19 … 23:19 … 23:20". Plain ES5: inlined into the
// report page before client.js (window.labwrightTimeTicks), and required by the unit tests.
(function (root) {
  'use strict';
  var STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  /** The label of `t` (epoch seconds, UTC) for ticks `step` seconds apart. */
  function label(t, step) {
    var d = new Date(t * 1000);
    if (step >= 86400) return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate());
    var hm = pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
    return step < 60 ? hm + ':' + pad(d.getUTCSeconds()) : hm;
  }

  /**
   * Ticks for [lo, hi] (epoch seconds) on a plot `widthPx` wide, at least `minGapPx` (default 80)
   * between labels: { step, splits, labels }, the splits on whole multiples of the step.
   */
  function timeTicks(lo, hi, widthPx, minGapPx) {
    var span = Math.max(hi - lo, 1e-9);
    var room = Math.max(1, Math.floor(widthPx / (minGapPx || 80)));
    var step = STEPS[STEPS.length - 1];
    for (var i = 0; i < STEPS.length; i++) {
      if (span / STEPS[i] <= room) { step = STEPS[i]; break; }
    }
    var splits = [];
    for (var t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) splits.push(t);
    return { step: step, splits: splits, labels: splits.map(function (s) { return label(s, step); }) };
  }

  var api = { timeTicks: timeTicks, timeLabel: label };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.labwrightTimeTicks = api;
})(this);
