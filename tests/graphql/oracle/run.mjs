// The reference side of the differential tests: the same request as
// graphql-exec, run by graphql-js graphql() with the default field resolver.
// Usage: node run.mjs --schema S --query Q [--variables V] [--operation N] [--root R]
import { readFileSync } from 'node:fs';
import { buildSchema, graphql, GraphQLError } from 'graphql';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];

export async function runCase({ schema: sdl, query, variables, operation, root }) {
  let schema;
  try {
    schema = buildSchema(sdl);
  } catch (e) {
    return { errors: [{ message: e.message }] };
  }
  let result;
  try {
    result = await graphql({
      schema,
      source: query,
      rootValue: root,
      variableValues: variables && typeof variables === 'object' && !Array.isArray(variables) ? variables : undefined,
      operationName: operation,
    });
  } catch (e) {
    // graphql() rejects when a rule throws, as SingleFieldSubscriptionsRule
    // does for a root-level @skip(if: $var); a server answers with the error.
    if (!(e instanceof GraphQLError)) throw e;
    result = { errors: [e] };
  }
  return JSON.parse(JSON.stringify(result));
}

if (process.argv[1] && process.argv[1].endsWith('run.mjs') && args.schema) {
  const read = (p) => (p ? readFileSync(p, 'utf8') : undefined);
  const result = await runCase({
    schema: read(args.schema),
    query: read(args.query),
    variables: args.variables ? JSON.parse(read(args.variables)) : undefined,
    operation: args.operation,
    root: args.root ? JSON.parse(read(args.root)) : undefined,
  });
  process.stdout.write(JSON.stringify(result) + '\n');
}
