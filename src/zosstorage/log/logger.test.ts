import t from 'tap';
import { normalizeMarkerLine } from '../../shared/markers/format-marker.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from './logger.ts';

function captureStream(): { write(text: string): boolean; lines(): string[] } {
  let text = '';
  return {
    write(chunk: string) {
      text += chunk;
      return true;
    },
    lines: () => text.split('\n').filter((line) => line !== ''),
  };
}

const now = () => new Date('2026-01-02T03:04:05.000Z');

t.test('text lines carry time, level, message and key=value fields; lower levels are dropped', async (t) => {
  const stream = captureStream();
  const logger = createLogger({ level: 'info', format: 'text', stream, now });
  logger.debug('hidden');
  logger.info('disk found', { device: '/dev/vda', size: 10, note: 'two words', missing: undefined });
  logger.error('boom');
  t.same(stream.lines(), [
    '2026-01-02T03:04:05.000Z INFO  disk found device=/dev/vda size=10 note="two words"',
    '2026-01-02T03:04:05.000Z ERROR boom',
  ]);
});

t.test('json lines are one object per line', async (t) => {
  const stream = captureStream();
  const logger = createLogger({ level: 'debug', format: 'json', stream, now });
  logger.debug('probe', { device: '/dev/vdb', empty: true });
  t.same(JSON.parse(stream.lines()[0]!), {
    time: '2026-01-02T03:04:05.000Z',
    level: 'debug',
    msg: 'probe',
    device: '/dev/vdb',
    empty: true,
  });
});

t.test(
  'markers are printed whatever the level; under json as an object with the name and fields',
  async (t) => {
    const text = captureStream();
    createLogger({ level: 'error', format: 'text', stream: text, now }).marker('START', { version: '0.1.0' });
    t.same(text.lines(), ['ZOSSTORAGE:START version=0.1.0']);
    const json = captureStream();
    const logger = createLogger({ level: 'error', format: 'json', stream: json, now });
    logger.info('hidden');
    logger.marker('REFUSED', { device: '/dev/vda', reason: 'ext', copy: 'backup superblock (group 1)' });
    t.same(json.lines(), [
      '{"time":"2026-01-02T03:04:05.000Z","marker":"REFUSED","fields":{"device":"/dev/vda","reason":"ext","copy":"backup superblock (group 1)"}}',
    ]);
    t.equal(
      normalizeMarkerLine(json.lines()[0] ?? ''),
      'ZOSSTORAGE:REFUSED device=/dev/vda reason=ext copy="backup superblock (group 1)"',
      'the harness reads it back as the text marker',
    );
  },
);

t.test('an optional file receives the same lines', async (t) => {
  const dir = t.testdir({ 'log.txt': 'earlier\n' });
  const file = join(dir, 'log.txt');
  const stream = captureStream();
  const logger = createLogger({ level: 'warn', format: 'text', stream, file, now });
  logger.warn('careful');
  logger.marker('DONE', { status: 'provisioned' });
  t.equal(
    readFileSync(file, 'utf8'),
    'earlier\n2026-01-02T03:04:05.000Z WARN  careful\nZOSSTORAGE:DONE status=provisioned\n',
  );
});

t.test('a log file that cannot be written is a USAGE error naming it', async (t) => {
  const dir = t.testdir({ 'a-file': 'not a folder' });
  const file = join(dir, 'a-file', 'log.txt');
  t.throws(() => createLogger({ level: 'info', format: 'text', file }), {
    code: 'USAGE',
    message: /cannot write the log file \/.*\/a-file\/log\.txt \(E[A-Z]+\); fix logging\.file/,
  });
});

t.test('the log file folder is created', async (t) => {
  const dir = t.testdir({});
  const file = join(dir, 'var', 'log', 'zosstorage.log');
  createLogger({ level: 'info', format: 'text', file, stream: captureStream(), now }).info('hello');
  t.equal(readFileSync(file, 'utf8'), '2026-01-02T03:04:05.000Z INFO  hello\n');
});
