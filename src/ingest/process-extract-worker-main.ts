/**
 * The entry point the pool forks for each extraction worker process.
 */
import { serveExtractWorker } from './process-extract-worker.ts';

serveExtractWorker();
