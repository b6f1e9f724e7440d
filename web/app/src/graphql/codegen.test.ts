import { generate } from '@graphql-codegen/cli';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import config from '../../codegen';

// Fails when schema.graphql or documents.ts changed without `npm run codegen`.
describe('generated types', () => {
  it('match the schema and the documents', async () => {
    const root = resolve(__dirname, '../..');
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const outputs = (await generate({ ...config, silent: true }, false)) as Array<{ filename: string; content: string }>;
      const out = outputs.find((o) => o.filename.endsWith('generated.ts'))!;
      expect(out.content).toBe(readFileSync(resolve(root, 'src/graphql/generated.ts'), 'utf8'));
    } finally {
      process.chdir(cwd);
    }
  }, 30000);
});
