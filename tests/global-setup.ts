import { prepareTemplateDatabase } from '@sasaeai/db/testing';

/** Runs once before all test files: builds the migrated template that each file clones. */
export default async function setup(): Promise<void> {
  await prepareTemplateDatabase();
}
