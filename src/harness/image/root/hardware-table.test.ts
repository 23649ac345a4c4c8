import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHardwareTable } from './render-hardware-table.ts';
import { STORAGE_CONTROLLERS } from './storage-controllers.ts';
import { CONTROLLER_BUSES } from '../../qemu/disk-buses.ts';

const ROOT = join(import.meta.dirname, '../../../..');

t.test('docs/hardware.md holds the table generated from the shipped controller list', async (t) => {
  const doc = readFileSync(join(ROOT, 'docs/hardware.md'), 'utf8');
  const between =
    /<!-- BEGIN hardware-table -->\n([\s\S]*?)\n?<!-- END hardware-table -->/.exec(doc)?.[1] ?? '';
  t.equal(
    between.trim(),
    renderHardwareTable(),
    'run: ZOS_UPDATE_DOCS=1 npx tap src/harness/image/root/hardware-table.test.ts',
  );
});

t.test(
  'every emulated controller bus is proven by a scenario, and each names a shipped driver',
  async (t) => {
    const proven = new Set(STORAGE_CONTROLLERS.flatMap((controller) => controller.qemuBuses));
    for (const [bus, { driver }] of Object.entries(CONTROLLER_BUSES)) {
      t.ok(proven.has(bus), `${bus} is a proof of some controller`);
      for (const module of driver.split(', '))
        t.ok(
          STORAGE_CONTROLLERS.some((controller) => controller.module === module),
          `${bus}: ${module} ships`,
        );
      const scenario = readFileSync(join(ROOT, 'scenarios', `controller-${bus}.toml`), 'utf8');
      t.match(scenario, new RegExp(`bus = "${bus}"`), `controller-${bus} puts a disk on ${bus}`);
    }
  },
);

if (process.env.ZOS_UPDATE_DOCS === '1') {
  const { writeFileSync } = await import('node:fs');
  const file = join(ROOT, 'docs/hardware.md');
  const doc = readFileSync(file, 'utf8');
  writeFileSync(
    file,
    doc.replace(
      /<!-- BEGIN hardware-table -->[\s\S]*?<!-- END hardware-table -->/,
      `<!-- BEGIN hardware-table -->\n${renderHardwareTable()}\n<!-- END hardware-table -->`,
    ),
  );
}
