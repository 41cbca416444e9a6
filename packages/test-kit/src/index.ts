/**
 * The service specs' kit. Conventions it serves: the thing under test is imported as `sut`
 * (`import * as sut from '../care.service'`), callers are named stubs (`callerStub.staff(d1)`),
 * the org tree and member facts are the typed fakes here, never casts, and a refusal is
 * asserted whole with failure().
 */
export * from './callers';
export * from './clock';
export * from './context';
export * from './facts';
export * from './staff';
export * from './failure';
export * from './tree';
