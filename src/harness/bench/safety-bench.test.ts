import t from 'tap';
import { countFormatProbeReads, parseSafeTimings, parseWriteChecks } from './safety-bench.ts';

t.test('the SAFE markers give each disk its probe, tool and scan times', async (t) => {
  const console = [
    'ZOSSTORAGE:DISCOVERED count=3 devices=/dev/vda,/dev/vdb,/dev/vdc',
    'ZOSSTORAGE:SAFE device=/dev/vda state=empty probe_ms=41 tools_ms=230 scan_ms=95',
    'ZOSSTORAGE:SAFE device=/dev/vdb state=empty probe_ms=52 tools_ms=241 scan_ms=120',
    'ZOSSTORAGE:REFUSED device=/dev/vdc reason=gpt-primary offset=512 probe_ms=40 tools_ms=200 scan_ms=0',
  ].join('\n');
  const timings = parseSafeTimings(console);
  t.same([...timings.keys()], ['/dev/vda', '/dev/vdb']);
  t.same(timings.get('/dev/vdb'), { probeMs: 52, toolsMs: 241, scanMs: 120 });
  t.equal(parseSafeTimings('ZOSSTORAGE:SAFE device=/dev/vda state=empty').size, 0, 'markers without times');
});

t.test('the WRITE_CHECK markers give each disk its ranges, bytes and time', async (t) => {
  const checks = parseWriteChecks(
    'ZOSSTORAGE:WRITE_CHECK device=/dev/vda ranges=13 bytes=7206400 ms=213\nZOSSTORAGE:PARTITIONED device=/dev/vda\n',
  );
  t.same([...checks.entries()], [['/dev/vda', { ranges: 13, bytes: 7206400, ms: 213 }]]);
});

t.test('the format probes read a bounded number of times whatever the disk size', async (t) => {
  const reads = [await countFormatProbeReads(40 * 1024 ** 3), await countFormatProbeReads(2 * 1024 ** 4)];
  t.ok(
    reads.every((count) => count > 50 && count < 200),
    reads.join(', '),
  );
});
