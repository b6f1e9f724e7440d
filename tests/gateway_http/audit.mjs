// Runs graphql-http's server audits (the GraphQL-over-HTTP specification's
// conformance checks) against the test server and fails unless every MUST
// and every SHOULD audit passes. Prints every result and counts per level.
// Usage: node audit.mjs <gateway_http_test_server>
import { spawn } from 'node:child_process';
import { auditServer } from 'graphql-http';

const server = spawn(process.argv[2], [], { stdio: ['ignore', 'inherit', 'pipe'] });
const port = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('the server printed no port within 20 s')), 20000);
  let seen = '';
  server.stderr.on('data', (chunk) => {
    seen += chunk;
    const match = /listening on port (\d+)/.exec(seen);
    if (match) {
      clearTimeout(timer);
      resolve(Number(match[1]));
    }
  });
  server.on('error', reject);
  server.on('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
});

let failed = 0;
try {
  const results = await auditServer({ url: `http://127.0.0.1:${port}/graphql` });
  const counts = {};
  for (const r of results) {
    const level = r.name.split(' ')[0];  // MUST, SHOULD or MAY
    counts[level] ??= { ok: 0, notice: 0, warn: 0, error: 0 };
    counts[level][r.status] += 1;
    const reason = r.status === 'ok' ? '' : ` — ${r.reason}`;
    console.log(`${r.status.padEnd(6)} ${r.id} ${r.name}${reason}`);
    if (r.status !== 'ok' && (level === 'MUST' || level === 'SHOULD')) failed += 1;
  }
  for (const [level, c] of Object.entries(counts)) {
    console.log(`${level}: ${c.ok} ok, ${c.notice} notice, ${c.warn} warn, ${c.error} error`);
  }
  console.log(`${results.length} audits; ${failed} MUST or SHOULD audits not ok`);
} finally {
  server.kill('SIGTERM');
}
process.exit(failed === 0 ? 0 : 1);
