/** One step of the seed reached `done` of `total` rows. */
export interface SeedProgress {
  step: string;
  done: number;
  total: number;
}

export type OnProgress = (progress: SeedProgress) => void;

/** `seed: volunteers 120/200` */
export function formatProgress({ step, done, total }: SeedProgress): string {
  return `seed: ${step} ${done}/${total}`;
}

export const noProgress: OnProgress = () => {};
