import { dataDirBusyMessage } from './data-dir-lock.ts';
import { DATA_DIR } from './paths.ts';

// `pnpm start` runs this first: a second start must stop before it rebuilds the console
// files that the running PageFree serves.
const message = dataDirBusyMessage(DATA_DIR, 'start a second time');
if (message) {
  console.error(message);
  process.exit(1);
}
