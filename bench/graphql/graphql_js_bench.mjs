// graphql-js 16.15 on the same schema, data and queries as graphql_bench.cc.
// Prints CPU microseconds per operation: full pipeline (graphql()) and with the
// document parsed and validated once (execute() only), per query.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '../../tests/graphql/oracle/package.json'));
const { buildSchema, graphqlSync, parse, validate, execute } = require('graphql');

const read = (name) => readFileSync(join(here, 'data', name), 'utf8');
const schema = buildSchema(read('schema.graphql'));
const root = JSON.parse(read('data.json'));
const queries = { catalogue: read('catalogue.graphql'), nested: read('nested.graphql'), introspection: read('introspection.graphql') };

// Microseconds of CPU time per call (process user + system time, so a busy
// machine inflates it less than wall time), after a warm-up.
function time(fn) {
  for (let i = 0; i < 200; i++) fn();
  let n = 0;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  while (process.hrtime.bigint() - start < 2_000_000_000n) {
    for (let i = 0; i < 50; i++) fn();
    n += 50;
  }
  const cpu = process.cpuUsage(cpuStart);
  return (cpu.user + cpu.system) / n;
}

const results = {};
for (const [name, source] of Object.entries(queries)) {
  const full = time(() => JSON.stringify(graphqlSync({ schema, source, rootValue: root })));
  const document = parse(source);
  if (validate(schema, document).length) throw new Error(`${name} is invalid`);
  const cached = time(() => JSON.stringify(execute({ schema, document, rootValue: root })));
  results[name] = { full_us: +full.toFixed(2), cached_us: +cached.toFixed(2) };
}
console.log(JSON.stringify(results));
