import fs from 'node:fs';
import path from 'node:path';
import { generateSchemas, ROOT } from '../schema/generate';

/** `npm run schema`: rewrite the committed subgraph SDLs and the supergraph from code. */
async function main(): Promise<void> {
  const { subgraphs, supergraph } = await generateSchemas();
  for (const f of [...subgraphs, supergraph]) {
    const file = path.join(ROOT, f.file);
    const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    fs.writeFileSync(file, f.sdl);
    console.log(`${before === f.sdl ? 'unchanged' : 'updated  '} ${f.file}`);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
