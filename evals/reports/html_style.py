"""The HTML report's stylesheet, inlined so the report is one file that opens anywhere."""

from __future__ import annotations

STYLE = """
:root { --ok: #1a7f37; --bad: #cf222e; --skip: #9a6700; --line: #d0d7de; --muted: #57606a; }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto;
       max-width: 1200px; padding: 24px; color: #1f2328; }
h1 { margin: 0 0 4px; font-size: 24px; }
h2 { margin: 32px 0 8px; font-size: 20px; border-bottom: 1px solid var(--line); }
h3 { margin: 20px 0 6px; font-size: 16px; }
.meta { color: var(--muted); margin: 0 0 16px; }
.meta code { font-size: 12px; }
.headline { font-size: 22px; font-weight: 600; padding: 12px 16px; border-radius: 6px;
            margin: 12px 0; }
.headline.good { background: #dafbe1; color: var(--ok); }
.headline.poor { background: #ffebe9; color: var(--bad); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left;
         vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.failed td, tr.error td { background: #fff5f5; }
.badge { display: inline-block; min-width: 56px; text-align: center; border-radius: 10px;
         padding: 0 8px; font-size: 12px; font-weight: 600; color: #fff; }
.badge.passed { background: var(--ok); }
.badge.failed { background: var(--bad); }
.badge.error { background: #8250df; }
.badge.skipped { background: var(--skip); }
details.scenario { border: 1px solid var(--line); border-radius: 6px; margin: 8px 0;
                   padding: 0 12px; }
details.scenario.failed, details.scenario.error { border-color: var(--bad);
                                                  border-left-width: 6px; }
details.scenario > summary { cursor: pointer; padding: 8px 0; font-weight: 600; }
.where { color: var(--muted); font-weight: normal; font-size: 12px; }
.trial { border-top: 1px dashed var(--line); padding: 8px 0; }
.trial h4 { margin: 4px 0; font-size: 14px; }
.msg { border-radius: 8px; padding: 6px 10px; margin: 6px 0; white-space: pre-wrap;
       max-width: 85%; }
.msg.user { background: #ddf4ff; margin-left: auto; }
.msg.assistant { background: #f6f8fa; }
.role { font-size: 11px; text-transform: uppercase; color: var(--muted); display: block; }
.turn { margin: 10px 0; }
table.tools { font-size: 12px; }
table.tools pre { margin: 0; white-space: pre-wrap; word-break: break-word; max-height: 240px;
                  overflow: auto; }
.notice { font-size: 12px; color: var(--muted); }
.warn { color: var(--bad); font-weight: 600; }
ul.checks { list-style: none; padding-left: 0; margin: 4px 0; }
ul.checks li { padding: 2px 8px; margin: 2px 0; border-radius: 4px; font-size: 13px; }
ul.checks li.passed { color: var(--ok); }
ul.checks li.failed { background: #ffebe9; color: var(--bad); font-weight: 600; }
ul.checks li.skipped { color: var(--skip); }
ul.checks code { font-weight: normal; color: #1f2328; }
pre.error { background: #fbefff; padding: 8px; white-space: pre-wrap; }
"""
