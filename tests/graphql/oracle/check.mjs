// The differential test. For every corpus case: graphql-js must still produce
// the stored golden .json (or, with --update, writes it), and graphql-exec
// must agree with it under the differential rule (see corpus.mjs).
// Usage: node check.mjs [--update] [--exec PATH] [--filter TEXT]
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, buildClientSchema, printSchema, getIntrospectionQuery } from 'graphql';
import { runCase } from './run.mjs';
import { loadCases, compareResults, corpusDir } from './corpus.mjs';

const argv = process.argv.slice(2);
const update = argv.includes('--update');
const execPath = argv.includes('--exec') ? argv[argv.indexOf('--exec') + 1] : process.env.GRAPHQL_EXEC;
const filter = argv.includes('--filter') ? argv[argv.indexOf('--filter') + 1] : undefined;

let failures = 0;
let checked = 0;
let sameMessages = 0;
let messages = 0;
for (const c of loadCases(filter)) {
  const reference = await runCase({
    schema: readFileSync(c.schemaFile, 'utf8'),
    query: c.query,
    variables: c.variables !== undefined ? JSON.parse(c.variables) : undefined,
    operation: c.operation,
    root: c.rootFile ? JSON.parse(readFileSync(c.rootFile, 'utf8')) : undefined,
  });
  const text = JSON.stringify(reference, null, 1) + '\n';
  if (update) {
    writeFileSync(c.expectedFile, text);
  } else if (!existsSync(c.expectedFile) || readFileSync(c.expectedFile, 'utf8') !== text) {
    console.log(`STALE ${c.file}: graphql-js no longer gives the stored result`);
    failures++;
  }
  if (execPath) {
    const args = ['--schema', c.schemaFile, '--query', c.file];
    if (c.rootFile) args.push('--root', c.rootFile);
    if (c.operation) args.push('--operation', c.operation);
    let tmp;
    if (c.variables !== undefined) {
      tmp = `${process.env.TMPDIR ?? '/tmp'}/graphql-vars-${process.pid}.json`;
      writeFileSync(tmp, c.variables);
      args.push('--variables', tmp);
    }
    let out;
    try {
      out = JSON.parse(execFileSync(execPath, args, { encoding: 'utf8' }));
    } catch (e) {
      console.log(`FAIL ${c.file}: graphql-exec failed: ${e.message}`);
      failures++;
      continue;
    }
    for (const [i, e] of (out.errors ?? []).entries()) {
      messages++;
      if (e.message === reference.errors?.[i]?.message) sameMessages++;
    }
    const diff = compareResults(out, reference);
    if (diff) {
      console.log(`FAIL ${c.file}: ${diff}`);
      failures++;
    }
  }
  checked++;
}
// Every schema: graphql-exec --print-schema must print what graphql-js
// printSchema() prints, and graphql-js buildClientSchema() over our
// introspection must give back the same schema.
const introspection = getIntrospectionQuery({
  descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true,
  inputValueDeprecation: true, oneOf: true,
});
for (const name of readdirSync(join(corpusDir, 'schemas')).filter((n) => n.endsWith('.graphql')).sort()) {
  if ((!execPath && !update) || (filter && !name.includes(filter))) continue;
  const file = join(corpusDir, 'schemas', name);
  let expected;
  try {
    expected = printSchema(buildSchema(readFileSync(file, 'utf8')));
  } catch {
    continue;  // Invalid schemas are covered by the cases.
  }
  // Golden SDL for the unit test (golden_test.cc): graphql-js's printSchema().
  const printedGolden = file.replace(/\.graphql$/, '.printed');
  if (update) {
    writeFileSync(printedGolden, expected + '\n');
  } else if (!existsSync(printedGolden) || readFileSync(printedGolden, 'utf8') !== expected + '\n') {
    console.log(`STALE ${printedGolden}: graphql-js no longer prints this`);
    failures++;
  }
  if (!execPath) continue;
  const printed = execFileSync(execPath, ['--schema', file, '--print-schema'], { encoding: 'utf8' });
  if (printed !== expected + '\n') {
    console.log(`FAIL ${file}: --print-schema differs from graphql-js printSchema()`);
    failures++;
  }
  const queryFile = `${process.env.TMPDIR ?? '/tmp'}/graphql-introspection-${process.pid}.graphql`;
  writeFileSync(queryFile, introspection);
  const result = JSON.parse(execFileSync(execPath, ['--schema', file, '--query', queryFile], { encoding: 'utf8' }));
  let roundTrip;
  try {
    roundTrip = printSchema(buildClientSchema(result.data));
  } catch (e) {
    roundTrip = `buildClientSchema failed: ${e.message}`;
  }
  if (roundTrip !== expected) {
    console.log(`FAIL ${file}: buildClientSchema(introspection) does not round-trip`);
    failures++;
  }
  checked++;
}
console.log(`${checked} cases and schemas, ${failures} failures`);
if (execPath) console.log(`error messages identical to graphql-js: ${sameMessages}/${messages} (informative only)`);
process.exit(failures === 0 && checked > 0 ? 0 : 1);
