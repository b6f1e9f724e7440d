import type { CodegenConfig } from '@graphql-codegen/cli';

// Types for the schema and for every operation in src/graphql/documents.ts.
// `npm run codegen` rewrites src/graphql/generated.ts; codegen.test.ts fails
// when the committed file no longer matches the schema or the documents.
const config: CodegenConfig = {
  schema: '../../schema.graphql',
  documents: ['src/graphql/documents.ts'],
  generates: {
    'src/graphql/generated.ts': {
      plugins: ['typescript', 'typescript-operations'],
      config: {
        enumsAsTypes: true,
        avoidOptionals: false,
        scalars: { DateTime: 'string', ID: 'string' },
        skipTypename: true,
      },
    },
  },
};

export default config;
