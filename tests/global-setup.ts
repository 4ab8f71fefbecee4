import { dropDatabase, prepareTemplateDatabase } from '@sasaeai/db/testing';

/**
 * Runs once before all test files: builds the migrated template that each file clones. Its name
 * is unique to this run and reaches the test workers through the environment they inherit.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const name = `sasaeai_tpl_${process.pid}`;
  process.env.SASAEAI_TEST_TEMPLATE = name;
  await prepareTemplateDatabase(name);
  return async () => {
    await dropDatabase(name);
  };
}
