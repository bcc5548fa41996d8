// `npm run docs:config`: rewrites the README's configuration table from src/config/config-schema.ts.
import fs from 'node:fs';
import { withConfigTable } from '../src/config/config-table.js';

const file = new URL('../README.md', import.meta.url);
fs.writeFileSync(file, withConfigTable(fs.readFileSync(file, 'utf8')));
console.log('README.md: configuration table rewritten.');
