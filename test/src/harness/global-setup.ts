import { testEngines } from './engines';

/** Decides once which engines the e2e suites run on; suites read LIANXIN_TEST_ENGINES synchronously. */
export default async function globalSetup(): Promise<void> {
  process.env.LIANXIN_TEST_ENGINES = (await testEngines()).join(',');
}
