export * from './outbox.entity';
export * from './migration';
export * from './enqueue';
export * from './dispatcher';
export * from './inbox';
export * from './backlog';
export * from './feed';
export * from './follower';
