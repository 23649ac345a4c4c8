// Pure: the run report (out/runs/<run-id>/index.html): one self-contained page, inline CSS and SVG, no script.
import type { Inspection } from '../inspect/inspection-types.ts';
import { VERDICT_CLASSES } from '../verdict/verdict-classes.ts';
import type { ReportBoot, ReportScenario, RunReport } from './collect-run-report.ts';
import { describeMembers, describeRedundancy, isSameLayout } from './describe-filesystems.ts';
import {
  DISK_SVG_DEFS,
  describePartitionType,
  describeWholeDisk,
  drawDisksSvg,
  FILESYSTEM_COLORS,
  type DiskFacts,
} from './draw-disks-svg.ts';
import { drawTimelineSvg } from './draw-timeline-svg.ts';
import { formatDuration } from '../../shared/format/format-duration.ts';
import { formatSize } from '../../shared/format/format-size.ts';
import { escapeHtml as e } from './escape-html.ts';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0 auto;max-width:1180px;padding:16px 24px;color:#212529;background:#fff}
h1{font-size:22px;margin:0 0 6px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #dee2e6;padding-bottom:4px}
h3{font-size:16px;margin:18px 0 6px}h4{font-size:14px;margin:12px 0 4px}
table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #dee2e6;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f8f9fa}td.num{text-align:right}code,pre{font:12px/1.4 "DejaVu Sans Mono",monospace}
pre{background:#f8f9fa;border:1px solid #dee2e6;padding:8px;overflow-x:auto;white-space:pre-wrap}
.v{display:inline-block;padding:0 8px;border-radius:9px;font-weight:600;color:#fff;background:#c92a2a}.v.passed{background:#2b8a3e}.v.interrupted{background:#868e96}
.facts{display:grid;grid-template-columns:max-content auto;gap:2px 14px;margin:8px 0}.facts dt{color:#495057}.facts dd{margin:0}
.failure{border-left:4px solid #c92a2a;padding:4px 12px;margin:10px 0;background:#fff5f5}
.scenario{border:1px solid #dee2e6;border-radius:6px;padding:4px 16px 12px;margin:14px 0}
.scenario.failed{border-color:#c92a2a}svg{display:block;max-width:100%;height:auto;margin:6px 0}
svg text{font:11px "DejaVu Sans",sans-serif;fill:#212529}svg .caption{font-weight:600;font-size:12px}svg .disk-id{font-weight:600;font-size:12px}
svg .muted,.muted{fill:#868e96;color:#868e96}svg .seg{font-size:11px}svg .tick{fill:#495057;font-size:10px}svg .event{font-size:11px}
svg .good{fill:#2b8a3e;font-size:10px}svg .bad{fill:#c92a2a;font-size:10px;font-weight:700}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px}
.legend{color:#495057;font-size:12px}ul.files{columns:3;font-size:12px;padding-left:18px}
`;

function verdictBadge(verdict: string): string {
  return `<span class="v ${e(verdict)}">${e(verdict)}</span>`;
}

function anchor(scenario: ReportScenario): string {
  return `s-${scenario.folder.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

function isFailed(scenario: ReportScenario): boolean {
  return scenario.summary.verdict !== 'passed';
}

export function buildRerunCommand(scenario: ReportScenario, accel: string): string {
  return `./scripts/run-scenario ${scenario.summary.scenario} --keep --verbose --accel ${accel}`;
}

function renderFacts(report: RunReport): string {
  const s = report.summary;
  const rows: [string, string][] = [
    [
      'verdict',
      `${verdictBadge(s.verdict)} ${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} not run` : ''} of ${s.total}`,
    ],
    ['groups', s.groups.length > 0 ? e(s.groups.join(' ')) : '— (named scenarios)'],
    ['started', e(s.startedAt)],
    ['wall time', e(formatDuration(s.wallMs))],
    ['accelerator', e(s.accel.toUpperCase())],
    ['jobs × repeat', e(`${s.jobs} × ${s.repeat}`)],
  ];
  if (s.image) {
    rows.push(
      ['kernel', e(s.image.kernelVersion)],
      ['guest package lock', `<code>${e(s.image.lockSha256.slice(0, 16))}</code>`],
    );
    rows.push([
      'lock drift',
      s.image.drift === null
        ? 'none: every locked package was served'
        : `<strong>${e(JSON.stringify(s.image.drift))}</strong>`,
    ]);
  }
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function renderFailure(scenario: ReportScenario, report: RunReport): string {
  const r = scenario.result;
  const s = scenario.summary;
  const parts = [
    `<div class="failure"><h3><a href="#${anchor(scenario)}">${e(scenario.folder)}</a> ${verdictBadge(s.verdict)}</h3>`,
    `<p>${e(VERDICT_CLASSES[s.verdict].description)}</p>`,
    `<ul>${s.failures.map((f) => `<li><pre>${e(f)}</pre></li>`).join('')}</ul>`,
  ];
  if (r && r.missingMarkers.length > 0)
    parts.push(`<p>missing markers: ${r.missingMarkers.map((m) => `<code>${e(m)}</code>`).join(', ')}</p>`);
  if (r && r.lastLines.length > 0)
    parts.push(`<h4>last ${r.lastLines.length} console lines</h4><pre>${e(r.lastLines.join('\n'))}</pre>`);
  parts.push(`<p>rerun: <code>${e(buildRerunCommand(scenario, report.summary.accel))}</code></p>`);
  if (r?.disksKept && r.boots.length > 0)
    parts.push(
      `<p>recheck the kept disks: <code>./scripts/run-scenario --recheck out/runs/${e(report.summary.runId)}/${e(scenario.folder)}</code></p>`,
    );
  parts.push(`<p><a href="${e(scenario.folder)}/">artifacts of ${e(scenario.folder)}</a></p></div>`);
  return parts.join('');
}

function renderSummaryTable(report: RunReport): string {
  const rows = report.scenarios.map((sc) => {
    const s = sc.summary;
    return `<tr><td><a href="#${anchor(sc)}">${e(sc.folder || s.scenario)}</a></td><td>${verdictBadge(s.verdict)}</td><td class="num">${s.boots}</td><td class="num">${e(s.bootDurationsMs.map(formatDuration).join(', ') || '—')}</td><td class="num">${e(formatDuration(s.durationMs))}</td><td>${e(s.startRetries.join('; ') || '')}</td></tr>`;
  });
  return `<table><tr><th>scenario</th><th>verdict</th><th>boots</th><th>boot times</th><th>wall time</th><th>start retried</th></tr>${rows.join('')}</table>`;
}

function diskFacts(scenario: ReportScenario, before: Inspection | null, after: Inspection): DiskFacts[] {
  return after.disks.map((disk) => {
    const previous = before?.disks.find((d) => d.id === disk.id);
    return {
      id: disk.id,
      bus: scenario.disks.find((d) => d.id === disk.id)?.bus ?? '',
      identical: after.unchanged[disk.id]?.identical ?? null,
      sameLayout: previous ? isSameLayout(previous, disk) : null,
    };
  });
}

function renderPartitionTable(inspection: Inspection): string {
  const rows = inspection.disks.flatMap((disk) =>
    disk.partitions.length === 0
      ? [`<tr><td>${e(disk.id)}</td><td colspan="7">${e(describeWholeDisk(disk))}</td></tr>`]
      : disk.partitions.map(
          (p) =>
            `<tr><td>${e(disk.id)}</td><td class="num">${p.number}</td><td>${e(p.name)}</td><td>${e(describePartitionType(p.typeGuid))}</td><td class="num">${e(formatSize(p.sizeBytes))}</td><td>${e(p.probe?.type ?? '—')}${p.probe?.version ? ` ${e(p.probe.version)}` : ''}</td><td>${e(p.probe?.label ?? '')}</td><td><code>${e(p.probe?.uuid ?? '')}</code></td></tr>`,
        ),
  );
  return `<table><tr><th>disk</th><th>#</th><th>GPT name</th><th>type</th><th>size</th><th>filesystem</th><th>label</th><th>UUID</th></tr>${rows.join('')}</table>`;
}

function renderFilesystemTable(inspection: Inspection): string {
  const linked = inspection.filesystems.filter((fs) => fs.members.length > 0);
  if (linked.length === 0) return '<p class="muted">no btrfs or bcachefs filesystem on these disks</p>';
  const rows = linked.map((fs, index) => {
    const color = FILESYSTEM_COLORS[index % FILESYSTEM_COLORS.length] ?? '#000';
    const members = describeMembers(fs, inspection.disks)
      .map((m) => `${e(m.member)}: ${e(m.role)}`)
      .join('<br>');
    const check = fs.check
      ? fs.check.skipped
        ? `skipped: ${fs.check.skipped}`
        : fs.check.ok
          ? `${fs.check.tool}: clean`
          : `${fs.check.tool}: FAILED`
      : '—';
    return `<tr><td><span class="swatch" style="background:${color}"></span>${e(fs.type)}</td><td>${e(fs.label ?? '')}</td><td><code>${e(fs.uuid)}</code></td><td>${members}</td><td>${e(describeRedundancy(fs))}</td><td>${e(check)}</td></tr>`;
  });
  return `<table><tr><th>filesystem</th><th>label</th><th>UUID</th><th>members and roles</th><th>redundancy and targets</th><th>check</th></tr>${rows.join('')}</table>`;
}

function renderBoot(scenario: ReportScenario, boot: ReportBoot): string {
  const b = boot.result;
  const parts = [
    `<h3>boot ${b.boot} ${verdictBadge(b.verdict)} <span class="muted">${e(formatDuration(b.durationMs))}, provisioner exit ${e(b.zosstorageExit ?? '—')}${b.inspectionMs === null || b.inspectionMs === undefined ? '' : `, host inspection ${e(formatDuration(b.inspectionMs))}`}</span></h3>`,
  ];
  if (b.failures.length > 0)
    parts.push(`<ul>${b.failures.map((f) => `<li><pre>${e(f)}</pre></li>`).join('')}</ul>`);
  if (b.retriedStart) parts.push(`<p class="muted">start retried once: ${e(b.retriedStart)}</p>`);
  if (boot.before)
    parts.push(
      drawDisksSvg(
        boot.before.disks,
        boot.before.filesystems,
        diskFacts(scenario, null, boot.before),
        `before boot ${b.boot}`,
      ),
    );
  if (boot.after) {
    parts.push(
      drawDisksSvg(
        boot.after.disks,
        boot.after.filesystems,
        diskFacts(scenario, boot.before, boot.after),
        `after boot ${b.boot}`,
      ),
    );
    parts.push(renderPartitionTable(boot.after), renderFilesystemTable(boot.after));
  } else {
    parts.push(
      '<p class="muted">no inspection after this boot (it was stopped before the host looked at the disks)</p>',
    );
  }
  if (boot.timeline.length > 0)
    parts.push(
      drawTimelineSvg(
        boot.timeline,
        b.durationMs,
        `boot ${b.boot} timeline (host receive times after QEMU started)`,
      ),
    );
  return parts.join('');
}

function renderScenario(scenario: ReportScenario): string {
  const s = scenario.summary;
  const disks = scenario.disks.map((d) => `${d.id} ${d.bus} ${formatSize(d.sizeBytes)}`).join(', ');
  const parts = [
    `<section class="scenario${isFailed(scenario) ? ' failed' : ''}" id="${anchor(scenario)}"><h2>${e(scenario.folder || s.scenario)} ${verdictBadge(s.verdict)}</h2>`,
    `<p class="muted">${e(disks || 'disks not recorded')} · ${s.boots} boot(s) · ${e(formatDuration(s.durationMs))}</p>`,
  ];
  for (const boot of scenario.boots) parts.push(renderBoot(scenario, boot));
  if (scenario.boots.length === 0) parts.push(`<p>${e(s.failures.join('; ') || 'no boot ran')}</p>`);
  if (scenario.artifacts.length > 0)
    parts.push(
      `<h4>artifacts</h4><ul class="files">${scenario.artifacts.map((a) => `<li><a href="${e(a)}">${e(a)}</a></li>`).join('')}</ul>`,
    );
  parts.push('</section>');
  return parts.join('');
}

/** The page: summary, failures first, the table, then every scenario (failed ones first) with drawings. */
export function renderRunReport(report: RunReport): string {
  const s = report.summary;
  const failed = report.scenarios.filter(isFailed);
  const ordered = [...failed, ...report.scenarios.filter((sc) => !isFailed(sc))];
  const body = [`<h1>zosstorage run <code>${e(s.runId)}</code></h1>`, renderFacts(report)];
  if (failed.length > 0) {
    body.push(
      `<h2>Failures (${failed.length})</h2>`,
      `<p>rerun every scenario that did not pass: <code>./scripts/run-scenario-group --rerun-failed out/runs/${e(s.runId)}/summary.json</code></p>`,
      ...failed.map((sc) => renderFailure(sc, report)),
    );
  }
  body.push('<h2>Scenarios</h2>', renderSummaryTable(report));
  body.push(
    '<p class="legend">Each disk is one bar; the width of a partition or free gap grows with the logarithm of its size (log₂ of MiB), so a 1 MiB BIOS boot partition and a 512 MiB ESP stay visible beside a 2 TiB data partition; the labels and tables give the real sizes. Hatched: unallocated (gaps under 16 MiB are not drawn). A coloured outline and the bracket on the right join the members of one btrfs or bcachefs filesystem. Timeline bars run from one milestone to the next; orange ones took a second or more.</p>',
  );
  body.push(...ordered.map(renderScenario));
  if (report.runFiles.length > 0)
    body.push(
      `<h2>Run files</h2><ul class="files">${report.runFiles.map((f) => `<li><a href="${e(f)}">${e(f)}</a></li>`).join('')}</ul>`,
    );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(`${s.verdict === 'passed' ? '✓' : '✗'} zosstorage run ${s.runId}: ${s.passed}/${s.total} passed`)}</title>
<style>${STYLE}</style></head>
<body>${DISK_SVG_DEFS}
${body.join('\n')}
</body></html>
`;
}
