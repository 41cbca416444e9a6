export * from './calendar';
export * from './directory';
export * from './facts';
export * from './members';
export * from './visible';
export * from './vocabulary';
export * from './org-change';
export * from './member-change';
