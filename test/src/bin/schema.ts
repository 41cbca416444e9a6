import fs from 'node:fs';
import path from 'node:path';
import { defineCommand } from '@lianxin/config';

const command = defineCommand({
  usage: 'npm run schema',
  summary: 'Rewrites services/*/schema.graphql and gateway/supergraph.graphql from code (the schema tests fail when they drift).',
  options: {},
});

/** `npm run schema`: rewrite the committed subgraph SDLs and the supergraph from code. */
async function main(): Promise<void> {
  command.read();
  const { generateSchemas, ROOT } = await import('../schema/generate');
  const { subgraphs, supergraph } = await generateSchemas();
  for (const f of [...subgraphs, supergraph]) {
    const file = path.join(ROOT, f.file);
    const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    fs.writeFileSync(file, f.sdl);
    console.log(`${before === f.sdl ? 'unchanged' : 'updated  '} ${f.file}`);
  }
}

main().catch((err) => command.exit(err));
