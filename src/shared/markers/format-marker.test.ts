import t from 'tap';
import { formatJsonMarker, formatMarker, normalizeMarkerLine, parseJsonMarker } from './format-marker.ts';

const TIME = new Date('2026-12-01T10:00:00.000Z');

t.test('text and JSON forms of one marker; the JSON one reads back as the text one', async (t) => {
  const fields = {
    device: '/dev/vda',
    offset: 134217728,
    copy: 'backup superblock (group 1)',
    already: true,
  };
  t.equal(
    formatMarker('REFUSED', fields),
    'ZOSSTORAGE:REFUSED device=/dev/vda offset=134217728 copy="backup superblock (group 1)" already=true',
  );
  const json = formatJsonMarker(TIME, 'REFUSED', fields);
  t.same(JSON.parse(json), { time: '2026-12-01T10:00:00.000Z', marker: 'REFUSED', fields });
  t.equal(parseJsonMarker(json), formatMarker('REFUSED', fields));
  t.equal(parseJsonMarker(formatJsonMarker(TIME, 'START')), 'ZOSSTORAGE:START');
});

t.test('other lines pass unchanged: log lines, text markers, kernel noise, broken JSON', async (t) => {
  for (const line of [
    '{"time":"2026-12-01T10:00:00.000Z","level":"info","msg":"partition /dev/vda"}',
    'ZOSSTORAGE:DONE status=provisioned',
    '[    3.1] virtio_blk virtio1: [vda] 83886080 512-byte logical blocks',
    '{"marker":"DONE","fields":{',
    '{"marker":"lower case"}',
  ])
    t.equal(normalizeMarkerLine(line), line);
  t.equal(parseJsonMarker('{"marker":"DONE"}'), 'ZOSSTORAGE:DONE', 'fields may be absent');
});
