/**
 * Entry of the document-jobs thread: the worker's code is TypeScript (jobs-worker.ts), loaded through
 * tsx as the server's own is. A worker thread does not inherit the `--import tsx` of its process.
 */
import { tsImport } from 'tsx/esm/api';

await tsImport('./jobs-worker.ts', import.meta.url);
