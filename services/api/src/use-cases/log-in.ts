import type { Database } from '@sasaeai/db/client';
import { hashPassword, verifyPassword } from '@sasaeai/db';
import { AppError } from '../errors/app-error.ts';
import { findUserByEmail } from '../repositories/users-repository.ts';

// Verifying against a real hash when the account does not exist keeps the answer time the
// same, so response timing does not reveal which email addresses are registered.
let dummyHash: Promise<string> | undefined;

/** Checks the credentials and returns the user id; one error for every kind of failure. */
export async function logIn(
  db: Database,
  email: string,
  password: string,
): Promise<{ userId: string }> {
  const user = await findUserByEmail(db, email);
  if (!user?.passwordHash) {
    dummyHash ??= hashPassword('not-a-real-password');
    await verifyPassword(await dummyHash, password);
    throw new AppError('invalid_credentials');
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new AppError('invalid_credentials');
  }
  return { userId: user.id };
}
