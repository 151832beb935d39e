/** Text for SVG: XML escaping, and `_{…}` subscripts as shifted, smaller tspans (no font support needed). */

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The content of a <text> element from a label such as "|E_{TRG} − E_{exact}|/N": each `_{…}` is a
 * subscript. The text after a subscript carries the opposite shift (a dy on an empty tspan would
 * apply to no character and be lost), so the baseline is restored. Use it inside a text element
 * with xml:space="preserve": librsvg otherwise drops the space that starts a tspan.
 */
export function svgTextContent(label: string, fontSize: number): string {
  const shift = (fontSize * 0.3).toFixed(1);
  const small = (fontSize * 0.75).toFixed(1);
  let lowered = false;
  let out = '';
  for (const part of label.split(/(_\{[^}]*\})/)) {
    if (part === '') continue;
    if (part.startsWith('_{')) {
      out += `<tspan dy="${lowered ? 0 : shift}" font-size="${small}">${escapeXml(part.slice(2, -1))}</tspan>`;
      lowered = true;
    } else {
      out += lowered ? `<tspan dy="-${shift}">${escapeXml(part)}</tspan>` : escapeXml(part);
      lowered = false;
    }
  }
  return out;
}
