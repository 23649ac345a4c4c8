import t from 'tap';
import { matchGlob } from './match-glob.ts';

t.test('star, question mark and literal characters', async (t) => {
  t.ok(matchGlob('sd*', 'sda'));
  t.ok(matchGlob('sd*', 'sd'));
  t.notOk(matchGlob('sd*', 'vsda'), 'anchored at the start');
  t.ok(matchGlob('nvme*n*', 'nvme0n1'));
  t.notOk(matchGlob('nvme*n*', 'nvme0'), 'controller names do not match');
  t.ok(matchGlob('vd?', 'vdb'));
  t.notOk(matchGlob('vd?', 'vdaa'));
  t.ok(matchGlob('dm-*', 'dm-0'));
  t.notOk(matchGlob('md*', 'xmd0'));
  t.ok(matchGlob('a.b', 'a.b'));
  t.notOk(matchGlob('a.b', 'axb'), 'a dot is literal');
});

t.test('character classes', async (t) => {
  t.ok(matchGlob('sd[ab]', 'sdb'));
  t.notOk(matchGlob('sd[ab]', 'sdc'));
  t.ok(matchGlob('sd[!ab]', 'sdc'));
  t.notOk(matchGlob('sd[!ab]', 'sda'));
  t.ok(matchGlob('vd[a-c]', 'vdc'));
  t.ok(matchGlob('x[', 'x['), 'an unclosed bracket is literal');
});

t.test('paths with slashes', async (t) => {
  t.ok(matchGlob('/dev/vd*', '/dev/vdb'));
  t.notOk(matchGlob('/dev/vd*', '/dev/sda'));
});
