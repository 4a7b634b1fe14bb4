/**
 * The status site's stylesheet, served from /assets with a content hash in its name. Status
 * colours have at least 4.5:1 contrast (WCAG AA) against white and against the page
 * background, by the WCAG relative-luminance formula.
 */
export const STATUS_CSS = `
:root {
  --bg: #f7f8fa; --surface: #ffffff; --text: #1b1f24; --muted: #57606a; --border: #d8dee4;
  --operational: #1a7f37; --degraded: #8a5a00; --partial: #b54708; --major: #c62828;
  --maintenance: #1f5fbf; --focus: #0b57d0;
  color-scheme: light;
}
*, *::before, *::after { box-sizing: border-box; }
html { font-size: 100%; -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
a { color: var(--focus); }
a:focus-visible, button:focus-visible, input:focus-visible, summary:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px;
}
.wrap { max-width: 56rem; margin: 0 auto; padding: 0 1rem; }
.skip-link { position: absolute; left: -9999px; }
.skip-link:focus { left: 1rem; top: 1rem; background: var(--surface); padding: .5rem 1rem; z-index: 1; }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.site-header { background: var(--surface); border-bottom: 1px solid var(--border); }
.site-header .wrap { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; justify-content: space-between; padding-top: .75rem; padding-bottom: .75rem; }
.brand { margin: 0; font-weight: 700; font-size: 1.125rem; }
.brand a { color: var(--text); text-decoration: none; }
.site-nav { display: flex; gap: 1rem; flex-wrap: wrap; align-items: baseline; }
.site-nav .link-button { margin: 0; padding: 0; border: 0; background: none; color: var(--focus); font-weight: 400; text-decoration: underline; }
main.wrap { padding-top: 1.5rem; padding-bottom: 2rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; }
h3 { font-size: 1.0625rem; margin: 1.25rem 0 .5rem; }
.muted { color: var(--muted); }
.lead { margin: 0 0 1.25rem; color: var(--muted); }
.card { background: var(--surface); border: 1px solid var(--border); border-radius: 8px; padding: 1rem 1.25rem; margin: 0 0 1rem; }
.overall { display: flex; align-items: center; gap: .75rem; border-radius: 8px; padding: 1rem 1.25rem; color: #fff; margin: 0 0 1.5rem; }
.overall h2 { margin: 0; font-size: 1.25rem; }
.overall .symbol { font-size: 1.5rem; line-height: 1; }
.overall--none { background: var(--operational); }
.overall--minor { background: var(--degraded); }
.overall--major { background: var(--partial); }
.overall--critical { background: var(--major); }
.overall--maintenance { background: var(--maintenance); }
.status { font-weight: 600; white-space: nowrap; }
.status .symbol { display: inline-block; width: 1.1em; text-align: center; }
.status--operational { color: var(--operational); }
.status--degraded_performance { color: var(--degraded); }
.status--partial_outage { color: var(--partial); }
.status--major_outage { color: var(--major); }
.status--under_maintenance { color: var(--maintenance); }
.components { list-style: none; margin: 0; padding: 0; }
.component { padding: .875rem 0; border-top: 1px solid var(--border); }
.component:first-child { border-top: 0; }
.component__head { display: flex; flex-wrap: wrap; justify-content: space-between; gap: .25rem 1rem; }
.component__name { font-weight: 600; }
.component__description { margin: .25rem 0 0; color: var(--muted); font-size: .9375rem; }
.section-title { margin: 1.25rem 0 .25rem; font-size: 1rem; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.uptime { margin-top: .5rem; }
.uptime__bars { display: flex; gap: 2px; height: 2rem; margin: 0; padding: 0; list-style: none; }
.uptime__bars li { flex: 1 1 0; min-width: 0; border-radius: 2px; background: var(--operational); }
.uptime__bars .bar--no_data { background: var(--border); }
.uptime__bars .bar--degraded_performance { background: var(--degraded); }
.uptime__bars .bar--partial_outage { background: var(--partial); }
.uptime__bars .bar--major_outage { background: var(--major); }
.uptime__bars .bar--under_maintenance { background: var(--maintenance); }
.uptime__summary { margin: 0 0 .25rem; font-size: .875rem; color: var(--muted); }
.uptime__legend { display: flex; justify-content: space-between; gap: 1rem; font-size: .8125rem; color: var(--muted); margin-top: .25rem; }
.uptime__legend .short { display: none; }
.incident { border-left: 4px solid var(--border); }
.incident--minor { border-left-color: var(--degraded); }
.incident--major { border-left-color: var(--partial); }
.incident--critical { border-left-color: var(--major); }
.incident--maintenance { border-left-color: var(--maintenance); }
.incident h2, .incident h3, .incident h4 { margin-top: 0; }
.meta { margin: 0 0 .5rem; color: var(--muted); font-size: .9375rem; }
.updates { list-style: none; margin: 0; padding: 0; }
.update { padding: .5rem 0; border-top: 1px solid var(--border); }
.update:first-child { border-top: 0; }
.update__status { font-weight: 700; }
.update__body > :first-child { margin-top: .25rem; }
.update__body > :last-child { margin-bottom: 0; }
.update__body { overflow-wrap: anywhere; }
.day { margin: 0 0 1rem; }
.day h3 { border-bottom: 1px solid var(--border); padding-bottom: .25rem; }
.local-time { color: var(--muted); font-size: .875em; }
form { margin: 0; }
label { display: block; font-weight: 600; margin-bottom: .25rem; }
input[type=email], input[type=url] {
  width: 100%; max-width: 28rem; font: inherit; padding: .5rem .625rem; border: 1px solid #8c959f; border-radius: 6px; background: #fff;
}
.checkbox { display: flex; gap: .5rem; align-items: baseline; font-weight: 400; }
fieldset { border: 0; margin: .75rem 0 0; padding: 0; }
legend { font-weight: 600; padding: 0; margin-bottom: .25rem; }
button {
  font: inherit; font-weight: 600; margin-top: .75rem; padding: .5rem 1rem; border-radius: 6px;
  border: 1px solid #0a4bb0; background: var(--focus); color: #fff; cursor: pointer;
}
details { margin-top: 1rem; }
summary { cursor: pointer; color: var(--focus); }
.field-error { color: var(--major); font-weight: 600; margin: .25rem 0 0; }
.secret { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--bg); padding: .5rem; border-radius: 4px; overflow-wrap: anywhere; }
.site-footer { padding-top: 1rem; padding-bottom: 2rem; border-top: 1px solid var(--border); color: var(--muted); font-size: .875rem; }
.site-footer p { margin: .25rem 0; }
@media (max-width: 30rem) {
  h1 { font-size: 1.5rem; }
  .card { padding: .875rem 1rem; }
  .uptime__bars { height: 1.75rem; }
  /* Phones show the last 30 days; the summary above the bars still covers all 90. */
  .uptime__bars li:nth-last-child(n+31) { display: none; }
  .uptime__legend .long { display: none; }
  .uptime__legend .short { display: inline; }
}
`;
