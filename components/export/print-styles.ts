/**
 * Print CSS for the exported goal set (the PDF). Type is 11.5 pt with generous leading, text is
 * near-black on white (contrast above 15:1), muted text stays above 7:1, and nothing carries
 * meaning by colour alone. A4 and its margins come from the PDF options (lib/server/exports/pdf.ts),
 * which leave room for the draft mark and page numbers.
 */
export const PRINT_STYLES = `
@page { size: A4; }
html { color: #1a1f24; background: #ffffff; font-family: "Liberation Sans", "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 11.5pt; line-height: 1.45; }
body { margin: 0; }
h1, h2, h3, h4 { line-height: 1.2; break-after: avoid; page-break-after: avoid; }
h1 { font-size: 24pt; margin: 0 0 6pt; }
h2 { font-size: 18pt; margin: 22pt 0 6pt; border-bottom: 1.5pt solid #1a1f24; padding-bottom: 3pt; }
h3 { font-size: 14.5pt; margin: 16pt 0 4pt; }
h4 { font-size: 12.5pt; margin: 12pt 0 4pt; }
p { margin: 0 0 6pt; white-space: pre-line; }
section.driver { break-before: page; page-break-before: always; }
.muted { color: #4a5561; }
.notice { color: #8a1014; font-weight: 700; border: 1.5pt solid #8a1014; padding: 4pt 6pt; }
.stale { color: #8a1014; font-weight: 700; }
.source { color: #4a5561; font-size: 10pt; }
.label { font-weight: 700; }
blockquote { margin: 4pt 0 6pt 14pt; padding-left: 8pt; border-left: 2pt solid #4a5561; font-style: italic; }
ul, ol { margin: 0 0 6pt; padding-left: 18pt; }
table { border-collapse: collapse; width: 100%; margin: 2pt 0 6pt; font-size: 10.5pt; }
caption { text-align: left; font-weight: 700; padding-bottom: 3pt; caption-side: top; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.75pt solid #7f8a94; padding: 3pt 5pt; text-align: left; vertical-align: top; }
thead th { background: #e4ecf3; }
tbody th { font-weight: 400; }
.numeric { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 4pt 0 10pt; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; width: 100%; max-width: 16cm; height: auto; }
`;
