// `npm run faults:doc`: writes harness/devices/FAULTS.md from harness/devices/faults.ts.
import { writeFileSync } from 'node:fs';
import { faultsMarkdown } from './faults.ts';

writeFileSync(new URL('./FAULTS.md', import.meta.url), faultsMarkdown());
console.log('wrote harness/devices/FAULTS.md');
