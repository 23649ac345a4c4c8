import t from 'tap';
import { parseBlkidExport } from './exec-blkid-probe.ts';
import { parseWipefsJson } from './exec-wipefs-probe.ts';

t.test('blkid export output, with escaped values', async (t) => {
  t.same(parseBlkidExport('DEVNAME=/dev/vda3\nLABEL=my\\ data\nUUID=abc\nUUID_SUB=def\nTYPE=btrfs\n'), {
    DEVNAME: '/dev/vda3',
    LABEL: 'my data',
    UUID: 'abc',
    UUID_SUB: 'def',
    TYPE: 'btrfs',
  });
  t.same(parseBlkidExport(''), {});
});

t.test('wipefs JSON (real util-linux 2.38 shape)', async (t) => {
  const stdout = `{
   "signatures": [
      {"device": "a.img", "offset": "0x200", "type": "gpt", "uuid": null, "label": null},
      {"device": "a.img", "offset": "0x438", "type": "ext4", "uuid": "c2d5", "label": "root"}
   ]
}`;
  t.same(parseWipefsJson(stdout, '/dev/vda'), [
    { offset: 512, type: 'gpt', uuid: null, label: null },
    { offset: 1080, type: 'ext4', uuid: 'c2d5', label: 'root' },
  ]);
  t.same(parseWipefsJson('', '/dev/vda'), [], 'no output means no signature');
  t.same(parseWipefsJson('{"signatures": [\n\n]}', '/dev/vda'), []);
  t.throws(() => parseWipefsJson('{"other": 1}', '/dev/vda'), {
    code: 'TOOL_FAILED',
    message: /no "signatures" list/,
  });
});
