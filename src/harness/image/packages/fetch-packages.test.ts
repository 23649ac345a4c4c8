import t from 'tap';
import { formatAptOptions, formatSourcesList } from './fetch-packages.ts';

const state = {
  stateDir: '/out/image/apt',
  archivesDir: '/cache/debs',
  mirror: 'http://m.example/debian',
  suites: ['trixie', 'experimental'],
};

t.test('sources: the given mirror with each suite, main only, signed by the Debian keyring', async (t) => {
  t.equal(
    formatSourcesList(state.mirror, state.suites),
    'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://m.example/debian trixie main\n' +
      'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://m.example/debian experimental main\n',
  );
});

t.test('apt options keep every piece of state away from the host', async (t) => {
  const options = formatAptOptions(state);
  const values = new Map(
    options.filter((_, i) => i % 2 === 1).map((pair) => pair.split('=') as [string, string]),
  );
  t.equal(values.get('Dir::Etc::SourceList'), '/out/image/apt/sources.list');
  t.equal(values.get('Dir::Etc::SourceParts'), '/dev/null');
  t.equal(values.get('Dir::State::status'), '/dev/null');
  t.equal(values.get('Dir::State::Lists'), '/out/image/apt/lists');
  t.equal(values.get('Dir::Cache::Archives'), '/cache/debs');
  t.equal(formatAptOptions(state, '/tmp/empty').includes('Dir::Cache::Archives=/tmp/empty'), true);
  t.ok(options.every((value, i) => (i % 2 === 0 ? value === '-o' : value.includes('='))));
});
