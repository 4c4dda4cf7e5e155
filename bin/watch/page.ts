// The live checklist page of `check --watch`: one self-contained HTML document (no CDN, no external
// file). It listens to the server's Server-Sent Events and falls back to polling /state.json.

/** The HTML of the live page; the lab title is only a placeholder until the first state arrives. */
export function watchPageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>labwright check</title>
<style>${STYLES}</style>
</head>
<body>
<header>
  <h1 id="title">labwright check</h1>
  <p id="meta">Connecting…</p>
</header>
<main>
  <p id="problem" hidden></p>
  <ol id="steps"></ol>
  <p id="tally"></p>
</main>
<footer><span id="status">waiting for the first check</span></footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

const STYLES = `
:root { --ok: #1a7f37; --bad: #cf222e; --wait: #9a6700; --other: #8250df; --muted: #6e7781; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; background: #fff; }
header, main, footer { max-width: 860px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
#meta, footer { color: var(--muted); font-size: 13px; }
#problem { background: #ffebe9; border: 1px solid var(--bad); border-radius: 6px; padding: 10px 14px; }
ol { list-style: none; padding: 0; margin: 18px 0; }
li.step { display: grid; grid-template-columns: 34px 1fr; gap: 0 10px; padding: 10px 12px; margin: 6px 0; border-radius: 8px; background: var(--bg); border-left: 5px solid var(--muted); transition: background .4s, border-color .4s; }
li.step .mark { grid-row: span 3; width: 28px; height: 28px; border-radius: 50%; display: flex; align-items: center; justify-content: center; color: #fff; background: var(--muted); font-weight: 700; }
li.step .title { font-weight: 600; }
li.step .id { color: var(--muted); font: 12px ui-monospace, monospace; margin-left: 6px; }
li.step .note, li.step .hint { font-size: 14px; }
li.step .hint { color: #57606a; }
li.step .hint::before { content: "Hint: "; font-weight: 600; }
li.passed { background: #dafbe1; border-left-color: var(--ok); }
li.passed .mark { background: var(--ok); }
li.failed { border-left-color: var(--bad); }
li.failed .mark { background: var(--bad); }
li.pending { background: #fff8c5; border-left-color: var(--wait); }
li.pending .mark { background: var(--wait); }
li.cant-verify .mark, li.unsupported .mark { background: var(--other); }
#tally { font-weight: 600; }
footer { padding-bottom: 24px; }
`;

// Plain ES2017 in the page: it builds the list with textContent only, so no hint can inject markup.
const SCRIPT = `
(function () {
  var ICON = { passed: '\\u2714', failed: '\\u2718', pending: '\\u2026', 'cant-verify': '?', unsupported: '\\u25cb', skipped: '-' };
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }
  function eta(ms) { return ms < 60000 ? 'about ' + Math.max(1, Math.round(ms / 1000)) + ' s' : 'about ' + Math.round(ms / 60000) + ' min'; }
  function render(s) {
    document.title = (s.done === s.total ? '\\u2714 ' : s.done + '/' + s.total + ' \\u00b7 ') + s.labTitle;
    document.getElementById('title').textContent = s.labTitle;
    document.getElementById('meta').textContent = s.lab + ' on ' + s.target + (s.endpoint ? ' ' + s.endpoint : '') + ' \\u00b7 ' + s.region + ' \\u00b7 re-checked every ' + Math.round(s.intervalMs / 1000) + ' s';
    var problem = document.getElementById('problem');
    problem.hidden = !s.problem;
    problem.textContent = s.problem ? 'Your lab environment was not found, so no step could be checked: ' + s.problem : '';
    var list = document.getElementById('steps');
    list.textContent = '';
    s.steps.forEach(function (st) {
      var li = el('li', 'step ' + st.verdict);
      li.setAttribute('data-step', st.stepId);
      li.setAttribute('data-verdict', st.verdict);
      li.appendChild(el('span', 'mark', ICON[st.verdict] || '?'));
      var head = el('div', 'title', st.number + '. ' + st.title);
      head.appendChild(el('span', 'id', st.stepId));
      li.appendChild(head);
      if (st.verdict !== 'passed') {
        var note = st.verdict === 'pending' && st.etaMs != null ? st.summary + ' (expected in ' + eta(st.etaMs) + ')' : st.summary;
        if (!s.problem && ((st.verdict !== 'failed' && st.verdict !== 'skipped') || !st.hint)) li.appendChild(el('div', 'note', note));
        if (!s.problem && st.hint) li.appendChild(el('div', 'hint', st.hint));
      }
      list.appendChild(li);
    });
    document.getElementById('tally').textContent = s.tally;
    document.getElementById('status').textContent = 'Last checked ' + new Date(s.checkedAt).toLocaleTimeString() + ' \\u00b7 pass ' + s.pass;
  }
  var polling = null;
  function poll() {
    if (polling) return;
    polling = setInterval(function () {
      fetch('state.json', { cache: 'no-store' }).then(function (r) { return r.status === 200 ? r.json() : null; }).then(function (s) { if (s) render(s); }).catch(function () {});
    }, 2000);
  }
  if (window.EventSource) {
    var es = new EventSource('events');
    es.addEventListener('state', function (e) { render(JSON.parse(e.data)); });
    es.onerror = function () { document.getElementById('status').textContent = 'Connection lost; retrying\\u2026'; };
  } else {
    poll();
  }
  fetch('state.json', { cache: 'no-store' }).then(function (r) { return r.status === 200 ? r.json() : null; }).then(function (s) { if (s) render(s); }).catch(poll);
})();
`;
