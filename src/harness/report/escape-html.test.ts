import t from 'tap';
import { escapeHtml } from './escape-html.ts';

t.test('markup characters become entities, other text stays', async (t) => {
  t.equal(
    escapeHtml(`<script>alert("x" & 'y')</script>`),
    '&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;',
  );
  t.equal(escapeHtml('vda p3 · 11.5 GiB'), 'vda p3 · 11.5 GiB');
  t.equal(escapeHtml(42), '42');
});
