// Bundles src/main.jsx with esbuild and writes one self-contained page,
// <out>/index.html, with the script and the styles inline: the gateway
// serves that single file and the browser fetches nothing else.
// Usage: node build.mjs [out-dir]   (default: dist)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const outDir = resolve(process.argv[2] ?? 'dist');
const started = Date.now();
const result = await build({
  entryPoints: ['src/main.jsx'],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  outdir: 'out',  // names the outputs; nothing is written
  write: false,
  loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.svg': 'dataurl' },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
const text = (ext) =>
  result.outputFiles.filter((f) => f.path.endsWith(ext)).map((f) => f.text).join('\n');
// A script element ends at the first "</script", wherever it is.
const js = text('.js').replaceAll('</script', '<\\/script');
const css = text('.css').replaceAll('</style', '<\\/style');
const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parfumerie GraphQL</title>
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
<style>${css}</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script>${js}</script>
</body>
</html>
`;
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'index.html'), html);
console.log(`${join(outDir, 'index.html')}: ${(html.length / 1024 / 1024).toFixed(1)} MiB in ${Date.now() - started} ms`);
