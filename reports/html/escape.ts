// The two ways text enters the HTML report: as markup text/attribute values, and as the embedded JSON.

/** Escapes text for HTML content and double- or single-quoted attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Serialises a value for a `<script type="application/json">` element. Every `<` becomes `\u003c`,
 * so neither `</script` nor `<!--` can end or confuse the element, and U+2028/U+2029 are escaped so
 * the text is also valid JavaScript should anyone paste it into a script. `JSON.parse` of the
 * element's text gives the value back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
