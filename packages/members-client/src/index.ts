export * from './calendar';
export * from './directory';
export * from './facts';
export * from './members';
export * from './staff';
export * from './visible';
export * from './vocabulary';
export * from './org-change';
