// The page's inline assets: its own stylesheet and script (kept as .css/.js files so they read as
// what they are), and uPlot's minified build, read from node_modules at render time so the report
// is one file that works offline. Read once per process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The CSS and JS a report page inlines; `chartLib` is empty when uPlot is not installed. */
export interface PageAssets {
  css: string;
  js: string;
  chartCss: string;
  chartLib: string;
}

let cached: PageAssets | undefined;

function readUplot(file: string): string {
  try {
    return readFileSync(require.resolve(`uplot/dist/${file}`), 'utf8');
  } catch {
    // Without uPlot the page still renders; the client script shows the datapoints table instead of a chart.
    return '';
  }
}

/** Loads (once) the assets every report page inlines. */
export function pageAssets(): PageAssets {
  cached ??= {
    css: readFileSync(join(__dirname, 'styles.css'), 'utf8'),
    // The tick helper first: client.js finds it on window.
    js: `${readFileSync(join(__dirname, 'time-ticks.js'), 'utf8')}\n${readFileSync(join(__dirname, 'client.js'), 'utf8')}`,
    chartCss: readUplot('uPlot.min.css'),
    chartLib: readUplot('uPlot.iife.min.js'),
  };
  return cached;
}

/** Makes script or style text safe to inline: no `</script` or `</style` can close the element early. */
export function inlineSafe(text: string, tag: 'script' | 'style'): string {
  return text.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');
}
