export * from './app';
export * from './schema';
export * from './entities';
export { migrations } from './migrations';
export { configurePii, piiHash, piiHashes, decryptPii, isEncrypted } from './member/member.pii';
