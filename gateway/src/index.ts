export * from './config';
export * from './server';
export { PUBLIC_ROOT_FIELDS, callerFromClaims } from './auth';
export { composeSupergraph } from './compose';
export { API_KEY_HEADER, hashApiKey } from './api-key';
export { PARTNER_MANIFEST, readManifest, sha256 } from './trusted-documents';
