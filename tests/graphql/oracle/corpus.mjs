// Reads the golden corpus: tests/graphql/corpus/cases/**/<case>.graphql with
// header comments naming the schema, root value, variables and operation.
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const corpusDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'corpus');

function walk(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.graphql')) out.push(p);
  }
  return out;
}

export function loadCases(filter) {
  const cases = [];
  for (const file of walk(join(corpusDir, 'cases'), [])) {
    if (filter && !file.includes(filter)) continue;
    const query = readFileSync(file, 'utf8');
    const header = {};
    for (const line of query.split('\n')) {
      const m = /^# (schema|root|variables|operation): (.*)$/.exec(line);
      if (m) header[m[1]] = m[2];
    }
    const schemaName = header.schema ?? 'shop';
    const rootName = header.root ?? schemaName;
    const rootPath = join(corpusDir, 'schemas', rootName + '.json');
    cases.push({
      file,
      expectedFile: file.replace(/\.graphql$/, '.json'),
      schemaFile: join(corpusDir, 'schemas', schemaName + '.graphql'),
      rootFile: rootName !== 'none' && existsSync(rootPath) ? rootPath : undefined,
      variables: header.variables,
      operation: header.operation,
      query,
    });
  }
  return cases;
}

// The differential rule: `data` identical (key order included); errors agree
// on count, path and locations. Returns a description of the first difference.
export function compareResults(actual, expected) {
  if (('data' in actual) !== ('data' in expected)) return `data present: ${'data' in actual} vs ${'data' in expected}`;
  const a = JSON.stringify(actual.data);
  const e = JSON.stringify(expected.data);
  if (a !== e) return `data differs:\n  got      ${a}\n  expected ${e}`;
  const ea = actual.errors ?? [];
  const ee = expected.errors ?? [];
  if (ea.length !== ee.length) {
    return `error count ${ea.length} vs ${ee.length}:\n  got      ${JSON.stringify(ea.map((x) => x.message))}\n  expected ${JSON.stringify(ee.map((x) => x.message))}`;
  }
  for (let i = 0; i < ea.length; i++) {
    const pa = JSON.stringify(ea[i].path ?? null);
    const pe = JSON.stringify(ee[i].path ?? null);
    const la = JSON.stringify(ea[i].locations ?? null);
    const le = JSON.stringify(ee[i].locations ?? null);
    if (pa !== pe || la !== le) {
      return `error ${i} differs:\n  got      ${ea[i].message} ${la} ${pa}\n  expected ${ee[i].message} ${le} ${pe}`;
    }
  }
  return null;
}
