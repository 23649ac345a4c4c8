import t from 'tap';
import { formatJsonMarker } from '../../shared/markers/format-marker.ts';
import { splitConsoleLines } from './split-console-lines.ts';

const TIME = new Date('2026-12-01T10:00:00.000Z');

t.test('the console splitter hands the harness text markers in both formats', async (t) => {
  const console = `${formatJsonMarker(TIME, 'DONE', { status: 'provisioned' })}\r\nZOSSTORAGE:REPORT path=/run/x\n`;
  t.same(splitConsoleLines(console), ['ZOSSTORAGE:DONE status=provisioned', 'ZOSSTORAGE:REPORT path=/run/x']);
});
