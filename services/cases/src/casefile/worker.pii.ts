import { PiiCipher } from '@lianxin/subgraph';

/** The key of a non-member worker's phone on a case (case_file.worker_phone); configured from PII_SECRET at start. */
export const workerPii = new PiiCipher('case worker phone v1');
